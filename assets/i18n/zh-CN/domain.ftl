# mailwiz domain check / publish，以及客服模式里针对公司自有域名的面板

domain-heading = 邮件程序为 { $domain } 能找到什么
domain-bad-domain = 这不是域名（例如：example.com）。
domain-col-client = 邮件程序
domain-col-result = 结果
domain-col-from = 找到的位置
domain-asked-heading = 每个位置的回答：
domain-asked-nothing = 没有（{ $why }）

domain-client-thunderbird = Thunderbird（电脑）
domain-client-thunderbird-android = Android 版 Thunderbird
domain-client-outlook = Outlook（自动发现）
domain-client-apple-mail = Apple 邮件（iPhone、iPad、Mac）
domain-client-srv-readers = 读取 SRV 记录的程序
domain-client-mailwiz = mailwiz

domain-place-mailwiz-list = mailwiz 内置列表
domain-place-autoconfig-host = autoconfig.DOMAIN（autoconfig 文件）
domain-place-autoconfig-well-known = DOMAIN/.well-known（autoconfig 文件）
domain-place-ispdb-online = Thunderbird 在线 ISPDB
domain-place-ispdb-copy = 内置的 ISPDB 副本
domain-place-mx-provider = MX 记录（已知的邮件服务商）
domain-place-mx-ispdb = MX 记录 → ISPDB
domain-place-srv = SRV 记录（RFC 6186）
domain-place-autodiscover-root = DOMAIN/autodiscover（自动发现）
domain-place-autodiscover-host = autodiscover.DOMAIN（自动发现）
domain-place-autodiscover-srv = _autodiscover._tcp SRV 记录

domain-verdict-ok = 能找到可用的设置
domain-verdict-problems = 能找到设置，但有问题
domain-verdict-nothing = 什么也找不到
domain-verdict-profile-only = 没有自动方式：请用描述文件

domain-problem-nothing-found = 这个程序查找的位置都没有设置。请发布设置：mailwiz domain publish。
domain-problem-needs-profile = Apple 邮件不会为自有域名自动查找设置：请把 mailwiz domain publish 生成的 Apple 描述文件（.mobileconfig）发给大家。
domain-problem-unencrypted = { $server } 没有加密：密码会以明文传输。
domain-problem-server-failed = { $server }：{ $why }
domain-problem-outside-domain = { $place } 的回答来自（或指向）域外的主机，程序会先问用户是否信任它。
domain-problem-differs = { $place } 给出的是其他服务器：不同程序会被设置成不同的样子。

domain-publish-other-domain = 这个地址或文件属于另一个域名，而不是要发布的域名。
domain-publish-readme = { $domain } 的邮件设置，由 mailwiz 生成。

    请把每个文件夹复制到与它同名的主机的网站根目录，通过 HTTPS 并使用有效证书提供：
      • autoconfig.{ $domain }/ … Thunderbird 和 Android 版 Thunderbird 首先查找这里
      • { $domain }/ … .well-known 文件（Thunderbird）和自动发现文件（Outlook）
      • autodiscover.{ $domain }/ … 自动发现文件（Outlook）
    Outlook 用 POST 请求 autodiscover.xml：请把网站服务器设置为对 POST 也返回这个文件（很多服务器只对 GET 返回）。
    自动发现文件里没有用户名：Outlook 会用设置时输入的邮箱地址登录。

    把 { $zone } 里的各行加到 { $domain } 的 DNS 区域中（给读取 SRV 记录的程序和 Outlook 用）。

    { $profile } 是一个地址的 Apple 描述文件：请为每个人用下面的命令各生成一个
      mailwiz export ADDRESS --format mobileconfig -o ADDRESS.mobileconfig
    再发给他们（隔空投送或邮件）；描述文件里从不包含密码。
domain-publish-readme-check = 一切就绪后请检查：mailwiz domain check DOMAIN

domain-panel-heading = 给 IT：邮件程序为 { $domain } 能找到什么
domain-panel-intro = 检查 Thunderbird、Outlook 等程序为这个域名查找设置的每一个位置，并连接它们给出的服务器（不发送任何密码）。
domain-panel-start = 检查这个域名
domain-panel-again = 重新检查
domain-panel-running = 正在询问每个位置…
domain-panel-died = 检查没有得到结果就停止了：这是 mailwiz 的故障。请重试，或在终端里运行“mailwiz domain check”。
domain-panel-publish-hint = 要让每个程序都能找到设置，单位的 IT 可以发布设置：mailwiz domain publish DOMAIN --from ADDRESS -o FOLDER
domain-mta-sts-none = 未发布（其他邮件服务器向这个域名投递邮件时可以不用 TLS）
domain-mta-sts-policy = 策略模式为“{ $mode }”
domain-mta-sts-broken = 有记录，但读不到策略（{ $why }）
domain-panel-stop = 停止
