# mailwiz — English: exported files and guides. Every id here must exist in zh-CN and zh-TW too.

## Apple configuration profile
export-profile-name = Mail account { $address }
export-profile-description = Adds { $address } to Mail. There is no password or code in this profile: Mail asks for it once when you install it.
export-profile-description-with-code = Adds { $address } to Mail. This profile contains your code: do not send it to anyone, and delete the file after installing it.

## Settings sheets and the printable guide
export-guide-intro = Keep this page next to your mail program and type each value exactly as it is written here.
export-profile-heading = Quicker on an iPhone, iPad or Mac: install a profile
export-steps-heading = Step by step
export-settings-heading = All settings at a glance
export-setting-column = Setting
export-value-column = Value
export-no-code-inside = Your code is not in this document.
export-made-by = Made with mailwiz { $version }.

## Thunderbird autoconfig file
export-autoconfig-where = For Thunderbird on one computer, save this file as isp/{ $file } in Thunderbird's installation folder. For everyone with an address at { $domain }, publish it at https://autoconfig.{ $domain }/mail/config-v1.1.xml.

## Why a file could not be made
export-error-needs-provider-sign-in = This provider accepts only its own sign-in inside the mail program, and this kind of file can only set up a password. Use the step-by-step guide instead.
export-error-bad-address = The e-mail address in these settings is not valid.
export-error-username-not-templatable = The user name is neither the e-mail address nor the part before the @, so it cannot be written into a file for the whole domain.
export-error-needs-client = Choose your mail program first: the guide is written in that program's own words.

## Command line
cli-export-needs-client = This format is written for one mail program: add --client with one of
cli-export-written = Written to { $path }.
cli-export-write-failed = Could not write { $path }: { $error }
export-error-not-for-thunderbird-mobile = Thunderbird for Android cannot read these settings from a QR code (a server name or address with characters it does not accept). Type the settings on the phone instead.
cli-export-qr-extension = --format thunderbird-qr writes a picture: give -o a file name ending in .png or .svg (or leave -o out for SVG on standard output).
