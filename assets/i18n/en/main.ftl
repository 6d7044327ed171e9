# mailwiz — English. Every id here must exist in zh-CN and zh-TW too (a test checks).

## Frame
step-client = Your mail program
step-address = Your address
step-protocol = How mail is kept
step-code = Your code
step-test = Test
step-summary = Your settings
step-counter = Step { $n } of { $total }: { $title }
language-label = Language:
nav-back = ◀ Back
nav-next = Next ▶
nav-start-over = Start over

## Why Next is disabled
blocker-choose-client = Choose your mail program first.
blocker-client-discontinued = Windows Mail no longer works. Choose another program.
blocker-pick-provider = Choose your mail provider from the list, or enter the servers by hand.
blocker-company-manual = For company mail, enter the servers your IT department gives you.
blocker-no-imap = This provider offers no IMAP. Choose POP3.
blocker-no-pop3 = This provider offers no POP3. Choose IMAP.
blocker-manual-incoming = Fill in the incoming server name and port.
blocker-manual-outgoing = Fill in the outgoing server name and port.
blocker-client-no-pop3 = This mail program cannot use POP3. Choose IMAP.
blocker-enter-authorization-code = Type or paste the authorization code.
blocker-enter-app-password = Type or paste the app password.
blocker-enter-password = Type your password.
blocker-test-running = Wait for the test to finish, or press Cancel.
blocker-test-or-skip = Start the test, or skip it.

## Address problems
address-error-empty = Type your e-mail address.
address-error-missing-at = An e-mail address has an @ sign, like name@qq.com.
address-error-several-at = There is more than one @ sign.
address-error-missing-local = Something is missing before the @ sign.
address-error-missing-domain = Something is missing after the @ sign, like qq.com.
address-error-bad-character = The address contains a space or a character that cannot be in an address.
address-error-bad-domain = The part after the @ sign does not look like a mail domain (for example qq.com).
address-error-too-long = That is too long for an e-mail address.

## Step 1
client-heading = Which mail program do you want to set up?
client-intro = Pick the program you use to read mail. The settings at the end are written in that program's own words.
client-discontinued = Windows Mail stopped sending and receiving mail at the end of 2024. Please use one of these instead:

## Step 2
address-heading = What is your e-mail address?
address-label = E-mail address
address-hint = name@qq.com
address-not-in-list = { $domain } is not in the built-in list. Choose your mail provider below, or enter the servers by hand.
address-recognised = Recognised:
address-picked = You chose:
address-show-list = Choose my provider from a list
address-hide-list = Hide the list
address-manual = Enter servers by hand
address-search-label = Search:
address-search-hint = name or domain, e.g. 163
needs-authorization-code = Needs an authorization code (授权码) instead of your login password.
needs-app-password = Needs an app password instead of your login password.
needs-password = Uses your normal password.
needs-oauth2-only = Accepts no typed password: you sign in inside your mail program.
manual-intro = Type the servers exactly as your provider or IT department gives them.
manual-ask-it = What to ask your IT department
manual-incoming = Incoming server ({ $protocol })
manual-outgoing = Outgoing server (SMTP)
manual-username = User name:
manual-username-hint = empty = your e-mail address
manual-host = Server:
manual-host-hint = e.g. mail.example.com
manual-port = Port:
manual-security = Security:
manual-unencrypted-warning = Without encryption, your password travels readable by anyone on the network. mailwiz will not send it that way, and you should not either. Ask for the secure settings.
manual-invalid = This server name is not valid.
manual-pair-mismatch = This port usually goes with the other security choice. A wrong pair is the most common reason a mail program cannot connect.
security-tls = SSL/TLS
security-starttls = STARTTLS
security-none = None (unencrypted)

## Step 3
protocol-heading = IMAP or POP3?
protocol-intro = Both bring your mail into the program. They differ in where your mail is kept.
protocol-imap-title = IMAP
protocol-pop3-title = POP3
protocol-row-devices = Phone and computer
protocol-row-server-copy = Copy on the server
protocol-row-offline = Without internet
protocol-row-space = Mailbox space
protocol-imap-devices = The same mail, folders and read marks on every device.
protocol-pop3-devices = Each device downloads mail separately; what you read or delete on one is not seen on the other.
protocol-imap-server-copy = Your mail stays on the server; nothing is lost if this computer breaks.
protocol-pop3-server-copy = Mail is moved to this computer. Keep a copy on the server, or it exists only here.
protocol-imap-offline = Recent mail can be read; the program keeps copies.
protocol-pop3-offline = All downloaded mail can be read.
protocol-imap-space = Uses your mailbox space at the provider.
protocol-pop3-space = Frees mailbox space at the provider (if copies are not kept).
protocol-use-imap = Use IMAP
protocol-use-pop3 = Use POP3
protocol-not-offered = Not offered for this mailbox.
protocol-recommend-imap = Recommended: IMAP — unless you read mail on this one computer only and want it stored here.
protocol-recommend-pop3 = This mailbox offers POP3 only.
protocol-pop3-leave-copy-in = In { $client }, tick “{ $label }” so a copy stays on the server.
protocol-pop3-leave-copy = In your mail program, choose to leave a copy of messages on the server.

## Step 4
code-heading-authorization-code = Get your authorization code
code-heading-app-password = Get your app password
code-heading-password = Your password
code-heading-oauth2-only = No password is needed here
code-intro-authorization-code = Your mail program must not use your normal login password. The provider gives you a separate code for it. Follow these steps in a web browser, then paste the code below.
code-intro-app-password = Your mail program needs an app password, made in your account's security settings. Follow these steps, then paste it below.
code-intro-password = Type the password of this mailbox. It is used for the test only, unless you ask to remember it.
code-intro-oauth2-only = This provider does not accept passwords from mail programs. You will sign in inside the mail program itself.
code-steps-title = In { $provider }:
code-open-help = Open the provider's help page
code-oauth2-only = In your mail program, choose the provider's own sign-in (for example “Sign in with Microsoft”) instead of typing a password. A code typed here would be refused.
code-field-authorization-code = Authorization code
code-field-app-password = App password
code-field-password = Password
code-show = Show
code-hide = Hide
code-spaces-removed = Spaces were removed from what you pasted.
code-warning-length = This code has { $count } characters; a code from this provider has { $expected }. Please check you copied all of it.
code-warning-looks-like-password = This looks like a normal password, not a code from the provider. Codes contain letters only.
code-remember = Remember the code in this computer's keychain
code-remember-explain = It is stored by the system's secure password store, not in a file. You can remove it here at any time.
code-forget = Remove the saved code
keyring-checking = Checking this computer's keychain…
keyring-unavailable = This computer has no keychain mailwiz can use, so the code cannot be remembered. Everything else works; you will type the code again next time.
keyring-loaded = The saved code was loaded from the keychain.
keyring-load-failed = The saved code could not be read from the keychain. Please paste it again.
keyring-saved = The code is saved in the keychain.
keyring-save-failed = The code could not be saved in the keychain. It is used for this test only.
keyring-forgotten = The saved code was removed from the keychain.
keyring-delete-failed = The saved code could not be removed from the keychain.

## Step 5
test-heading = Test the connection
test-intro = mailwiz now logs in to your provider the way your mail program will, to check that the settings and the code are right. Nothing is sent or changed, unless you tick the test message below.
test-oauth2-only = This provider accepts only its own sign-in inside the mail program, so there is nothing mailwiz can test with a password. Continue to see your settings.
test-start = Start the test
test-skip = Skip the test
test-send-message-option = Also send a test message to myself (shows that sending works too)
test-stage-millis = { $millis } ms
test-stage-seconds = { $seconds } s
test-again = Test again
test-cancel = Cancel
test-running = Testing…
test-cancelled = The test was cancelled.
test-incoming = Incoming mail ({ $protocol }) — { $host }:{ $port }
test-outgoing = Outgoing mail ({ $protocol }) — { $host }:{ $port }
test-all-ok = Everything works. Your mail program will connect with these settings.
test-some-failed = Something is not right yet. See what to do above.
test-skipped-note = Not tested. The settings are the right ones for your provider, but a wrong code or a switched-off service would only show up in your mail program.
test-server-said = The server said: { $message }
stage-dns = Find the server
stage-connect = Reach the server
stage-secure = Secure connection
stage-greeting = Server answers
stage-capabilities = Server features
stage-login = Log in
stage-mailbox = Open the inbox

## Step 6
summary-title = { $address } in { $client } ({ $protocol })
summary-on-screen = On the screen “{ $screen }”:
summary-field-line = “{ $label }”: { $value }
# The label describes where the field is and already quotes the client's own word.
summary-field-described = { $label }: { $value }
summary-then-press = Then press “{ $button }”.
summary-copy = Copy
summary-copy-helpdesk = Copy for help desk
summary-copied = Copied. Paste it wherever you like.
summary-copied-helpdesk = Copied for the help desk (your code is not included).
summary-not-tested = These settings were not tested.
summary-test-failed = The test connection did not pass. Fix this first — until then your mail program will not work with these settings:
summary-back-to-test = Back to the test
summary-warnings-heading = Watch out:
summary-unverified-footnote = The wording of this label could not be checked on every version; it may read slightly differently.
summary-incomplete = Some answers are missing. Go back to fill them in.
summary-warning-oauth2-only = Do not type a password: choose the provider's own sign-in in your mail program.
summary-warning-unencrypted = These settings are not encrypted. Your password would be readable on the network.
value-your-name = your name, as others should see it
value-password-authorization-code = your authorization code (not your login password)
value-password-app-password = your app password (not your login password)
value-password-password = your password
value-password-oauth2-only = leave empty and use the provider's sign-in
value-security-none = none
value-select-this = choose this
value-tick-box = tick it
value-leave-unticked = leave it unticked

## Help-desk text
hd-heading = mailwiz — settings for the help desk
hd-client = Mail program
hd-address = Address
hd-provider = Provider
hd-incoming = Incoming
hd-outgoing = Outgoing
hd-username = User name
hd-password-kind = Password field
hd-test = Test
hd-test-not-run = not run
hd-test-skipped = skipped by the user
hd-server-said = server said

## Command line
lookup-not-in-list = { $domain } is not in the built-in list. Open the wizard to enter the servers by hand.
cli-alternative = alternative

## Providers whose servers have no verified source yet
quirk-servers-unverified = mailwiz has no verified server settings for this mailbox yet. Please enter the servers by hand, as your provider's help page gives them.
quirk-servers-from-client-lists = These server names come from other mail programs' lists, not from the provider itself. Run the test connection: if it cannot reach the server, check the server names on your provider's help page.
blocker-provider-unverified = No verified servers for this mailbox yet: choose “Enter servers by hand”.
cli-unknown-client = Unknown mail program. Choose one of
cli-bad-server = --incoming and --outgoing take HOST:PORT:SECURITY, for example mail.example.com:993:tls (security: tls, starttls or none).
cli-port-with-all = With --protocol all, use --imap-port, --pop3-port and --smtp-port instead of --port.
cli-test-needs-host = This address is not in the built-in list: give the server with --host (and --port, --security).
cli-test-no-code = No code given: use --password-stdin, the MAILWIZ_PASSWORD environment variable, or save it in the keychain with the wizard.
cli-test-no-smtp = mailwiz has no outgoing (SMTP) server for this provider, so no test message can be sent.
cli-bad-timeout = The timeout must be a number of seconds from 1 to 600.
cli-bad-lookup-timeout = The time limit must be a number of seconds from 0.1 to 600.
cli-input-unreadable = Could not read { $path }: { $error }
cli-input-too-large = { $path } is larger than { $limit } KiB, so it cannot be the right file.
cli-input-not-text = { $path } is not text (UTF-8).
cli-ca-file-no-certificate = { $path } holds no certificate. A CA file is a PEM file with “-----BEGIN CERTIFICATE-----” in it.
cli-ca-file-bad-certificate = Certificate { $n } in { $path } cannot be read. Is it a PEM certificate?
cli-code-too-long = The code on standard input is longer than { $limit } characters, so it is not an authorization code.
cli-code-not-text = The code on standard input is not text (UTF-8).
cli-bad-ispdb-url = --ispdb-url must be an https:// address with a host name (and, if it has a port, a port from 1 to 65535).
test-copy-transcript = Copy the technical log for the help desk
test-transcript-copied = Copied (your code is replaced by [redacted]).
manual-port-other-protocol = Port { $port } is normally used for { $protocol }, not for this server. Please check the port.
value-auth-oauth2 = choose “OAuth2” (the provider's own sign-in) instead
protocol-pop3-leave-copy-value = In { $client }, for “{ $label }”: { $value }.

window-failed = mailwiz could not open its window. This usually means the computer has no working graphics driver (for example in a virtual machine or a remote desktop session). Update the graphics driver, or use the command line: { $command }
window-failed-detail = Technical detail: { $reason }


# Summary step: the phone QR code (Thunderbird for Android)
qr-heading = Set up Thunderbird on your Android phone too
qr-steps = On the phone, install Thunderbird from Google Play and open it. Tap “Get started”, then under “Already using Thunderbird on desktop?” tap “Import settings” and point the camera at this code.
qr-code-note = The code is not in the picture: when the phone asks (“Please enter passwords”), type { $what } there.
qr-oauth-note = The phone then asks you to sign in with your provider: nothing secret is in the picture.
qr-source = Button names from Thunderbird for Android’s own texts.
qr-apple = iPhone or iPad: a QR code cannot carry the settings there. Save the Apple profile instead (choose Apple Mail as your program, or open “For administrators” below) and open it on the device, for example by AirDrop or as an e-mail attachment.
qr-unavailable = No phone QR code for these settings: { $why }
