# mailwiz domain check / publish, and the help-desk panel for a company's own domain

domain-heading = What mail programs find for { $domain }
domain-bad-domain = That is not a domain name (for example: example.com).
domain-col-client = Mail program
domain-col-result = Result
domain-col-from = Found at
domain-asked-heading = What each place answered:
domain-asked-nothing = nothing ({ $why })

domain-client-thunderbird = Thunderbird (computer)
domain-client-thunderbird-android = Thunderbird for Android
domain-client-outlook = Outlook (Autodiscover)
domain-client-apple-mail = Apple Mail (iPhone, iPad, Mac)
domain-client-srv-readers = Programs that read SRV records
domain-client-mailwiz = mailwiz

domain-place-mailwiz-list = mailwiz's built-in list
domain-place-autoconfig-host = autoconfig.DOMAIN (autoconfig file)
domain-place-autoconfig-well-known = DOMAIN/.well-known (autoconfig file)
domain-place-ispdb-online = Thunderbird's online ISPDB
domain-place-ispdb-copy = built-in copy of the ISPDB
domain-place-mx-provider = MX records (a known mail host)
domain-place-mx-ispdb = MX records → ISPDB
domain-place-srv = SRV records (RFC 6186)
domain-place-autodiscover-root = DOMAIN/autodiscover (Autodiscover)
domain-place-autodiscover-host = autodiscover.DOMAIN (Autodiscover)
domain-place-autodiscover-srv = _autodiscover._tcp SRV record

domain-verdict-ok = finds working settings
domain-verdict-problems = finds settings, with problems
domain-verdict-nothing = finds nothing
domain-verdict-profile-only = nothing automatic: use a profile

domain-problem-nothing-found = None of the places this program looks at has settings. Publish them: mailwiz domain publish.
domain-problem-needs-profile = Apple Mail does not look anything up for a domain of its own: send people the Apple profile (.mobileconfig) that mailwiz domain publish writes.
domain-problem-unencrypted = { $server } has no encryption: passwords would travel readable.
domain-problem-server-failed = { $server }: { $why }
domain-problem-outside-domain = The answer from { $place } comes from (or points to) a host outside the domain, so the program asks people whether to trust it.
domain-problem-differs = { $place } names other servers: programs will be set up differently.

domain-publish-other-domain = The address or file is for another domain than the one to publish.
domain-publish-readme = Mail settings for { $domain }, written by mailwiz.

    Copy each folder to the web root of the host it is named after, over HTTPS with a valid certificate:
      • autoconfig.{ $domain }/ … Thunderbird and Thunderbird for Android look here first
      • { $domain }/ … the .well-known file (Thunderbird) and the Autodiscover file (Outlook)
      • autodiscover.{ $domain }/ … the Autodiscover file (Outlook)
    Outlook sends a POST request for autodiscover.xml: set the web server to answer POST with the file (many answer only GET).
    The Autodiscover file has no user name: Outlook signs in with the address it was set up with.

    Add the lines of { $zone } to the DNS zone of { $domain } (SRV records for programs that read them, and for Outlook).

    { $profile } is an Apple profile for one address: make one for each person with
      mailwiz export ADDRESS --format mobileconfig -o ADDRESS.mobileconfig
    and send it to them (AirDrop or e-mail); it never contains a password.
domain-publish-readme-check = When everything is in place, check it: mailwiz domain check DOMAIN

domain-panel-heading = For IT: what mail programs find for { $domain }
domain-panel-intro = Checks every place Thunderbird, Outlook and other programs look for this domain's settings, and connects to the servers they name (no password is sent).
domain-panel-start = Check this domain
domain-panel-again = Check again
domain-panel-running = Asking every place…
domain-panel-died = The check stopped without a result: a fault in mailwiz. Try again, or run “mailwiz domain check” in a terminal.
domain-panel-publish-hint = To make every program find the settings, the organisation's IT can publish them: mailwiz domain publish DOMAIN --from ADDRESS -o FOLDER
domain-mta-sts-none = none published (other mail servers may deliver to this domain without TLS)
domain-mta-sts-policy = policy in mode “{ $mode }”
domain-mta-sts-broken = a record, but no readable policy ({ $why })
domain-panel-stop = Stop
