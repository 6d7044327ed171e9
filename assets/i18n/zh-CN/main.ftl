# mailwiz — 简体中文（中国大陆）。这里的每个 id 都必须在 en 和 zh-TW 中同样存在（有测试检查）。

## 界面框架
step-client = 您的邮件程序
step-address = 您的邮箱地址
step-protocol = 邮件保存方式
step-code = 授权码或密码
step-test = 测试
step-summary = 您的设置
step-counter = 第 { $n } 步，共 { $total } 步：{ $title }
language-label = 语言：
nav-back = ◀ 上一步
nav-next = 下一步 ▶
nav-start-over = 从头开始

## 为什么不能点“下一步”
blocker-choose-client = 请先选择您的邮件程序。
blocker-client-discontinued = Windows 邮件已经不能用了，请选择别的程序。
blocker-pick-provider = 请从列表里选择您的邮箱服务商，或者自己填写服务器。
blocker-company-manual = 公司邮箱请填写 IT 部门给您的服务器。
blocker-no-imap = 这个邮箱不提供 IMAP，请选择 POP3。
blocker-no-pop3 = 这个邮箱不提供 POP3，请选择 IMAP。
blocker-manual-incoming = 请填写收信服务器的名称和端口。
blocker-manual-outgoing = 请填写发信服务器的名称和端口。
blocker-client-no-pop3 = 这个邮件程序不能使用 POP3，请选择 IMAP。
blocker-enter-authorization-code = 请输入或粘贴授权码。
blocker-enter-app-password = 请输入或粘贴应用专用密码。
blocker-enter-password = 请输入您的密码。
blocker-test-running = 请等测试结束，或者点“取消”。
blocker-test-or-skip = 请开始测试，或者跳过测试。

## 邮箱地址有问题
address-error-empty = 请输入您的邮箱地址。
address-error-missing-at = 邮箱地址里有一个 @ 符号，比如 name@qq.com。
address-error-several-at = 地址里的 @ 符号不止一个。
address-error-missing-local = @ 符号前面少了内容。
address-error-missing-domain = @ 符号后面少了内容，比如 qq.com。
address-error-bad-character = 地址里有空格，或者有邮箱地址里不能用的字符。
address-error-bad-domain = @ 符号后面的部分看起来不对，应该像 qq.com 这样。
address-error-too-long = 这个邮箱地址太长了。

## 第 1 步
client-heading = 您想设置哪个邮件程序？
client-intro = 请选择您平时用来看邮件的程序。最后的设置说明会照着这个程序里显示的文字来写。
client-discontinued = Windows 邮件从 2024 年底起已经不能收发邮件了。请改用下面其中一个：

## 第 2 步
address-heading = 您的邮箱地址是什么？
address-label = 邮箱地址
address-hint = name@qq.com
address-not-in-list = 内置列表里没有 { $domain }。请在下面选择您的邮箱服务商，或者自己填写服务器。
address-recognised = 已识别：
address-picked = 您选择了：
address-show-list = 从列表里选择我的邮箱服务商
address-hide-list = 收起列表
address-manual = 自己填写服务器
address-search-label = 搜索：
address-search-hint = 名称或域名，例如 163
needs-authorization-code = 需要使用授权码，而不是您的登录密码。
needs-app-password = 需要使用应用专用密码，而不是您的登录密码。
needs-password = 使用您平常的密码。
needs-oauth2-only = 不能直接输入密码：您要在邮件程序里面登录。
manual-intro = 请完全按照邮箱服务商或 IT 部门给您的内容填写服务器。
manual-ask-it = 要问 IT 部门哪些问题
manual-incoming = 收信服务器（{ $protocol }）
manual-outgoing = 发信服务器（SMTP）
manual-username = 用户名：
manual-username-hint = 不填就是您的邮箱地址
manual-host = 服务器：
manual-host-hint = 例如 mail.example.com
manual-port = 端口：
manual-security = 加密方式：
manual-unencrypted-warning = 不加密的话，您的密码在网络上传送时谁都能看到。mailwiz 不会这样发送密码，您也不要这样做。请向对方要加密的设置。
manual-invalid = 这个服务器名称不正确。
manual-pair-mismatch = 这个端口通常要配另一种加密方式。端口和加密方式不配套，是邮件程序连不上最常见的原因。
security-tls = SSL/TLS
security-starttls = STARTTLS
security-none = 无（不加密）

## 第 3 步
protocol-heading = IMAP 还是 POP3？
protocol-intro = 两种方式都能把邮件收到程序里，区别在于邮件保存在哪里。
protocol-imap-title = IMAP
protocol-pop3-title = POP3
protocol-row-devices = 手机和电脑
protocol-row-server-copy = 服务器上的副本
protocol-row-offline = 没有网络时
protocol-row-space = 邮箱空间
protocol-imap-devices = 每台设备上都是同样的邮件、文件夹和已读标记。
protocol-pop3-devices = 每台设备各自下载邮件；在一台上读过或删掉的邮件，另一台并不知道。
protocol-imap-server-copy = 邮件一直保存在服务器上；这台电脑坏了也不会丢。
protocol-pop3-server-copy = 邮件会被搬到这台电脑上。请在服务器上保留一份副本，否则邮件只存在这台电脑里。
protocol-imap-offline = 可以看最近的邮件，程序会保存副本。
protocol-pop3-offline = 所有已下载的邮件都能看。
protocol-imap-space = 会占用您在邮箱服务商那里的邮箱空间。
protocol-pop3-space = 会腾出邮箱服务商那里的邮箱空间（如果不保留副本）。
protocol-use-imap = 使用 IMAP
protocol-use-pop3 = 使用 POP3
protocol-not-offered = 这个邮箱不提供。
protocol-recommend-imap = 推荐使用 IMAP。除非您只在这一台电脑上看邮件，并且想把邮件存在这台电脑里。
protocol-recommend-pop3 = 这个邮箱只提供 POP3。
protocol-pop3-leave-copy-in = 请在 { $client } 里勾选“{ $label }”，这样服务器上会保留一份副本。
protocol-pop3-leave-copy = 请在邮件程序里设置在服务器上保留邮件副本。

## 第 4 步
code-heading-authorization-code = 获取授权码
code-heading-app-password = 获取应用专用密码
code-heading-password = 您的密码
code-heading-oauth2-only = 这里不需要密码
code-intro-authorization-code = 邮件程序不能使用您平常的登录密码，邮箱服务商会另外给您一个授权码。请在浏览器里按下面的步骤操作，然后把授权码粘贴到下面。
code-intro-app-password = 您的邮件程序需要一个应用专用密码，要在账号的安全设置里生成。请按下面的步骤操作，然后把它粘贴到下面。
code-intro-password = 请输入这个邮箱的密码。它只用来测试，除非您选择记住它。
code-intro-oauth2-only = 这个邮箱服务商不接受邮件程序里输入的密码。您要直接在邮件程序里面登录。
code-steps-title = 在{ $provider }里：
code-open-help = 打开服务商的帮助页面
code-oauth2-only = 请在邮件程序里选择服务商自己的登录方式（例如“使用 Microsoft 登录”），不要输入密码。在这里输入的授权码会被拒绝。
code-field-authorization-code = 授权码
code-field-app-password = 应用专用密码
code-field-password = 密码
code-show = 显示
code-hide = 隐藏
code-spaces-removed = 已去掉您粘贴内容里的空格。
code-warning-length = 这个授权码有 { $count } 个字符，而这个服务商的授权码应该有 { $expected } 个。请检查是不是完整复制了。
code-warning-looks-like-password = 这看起来像平常的登录密码，不像服务商给的授权码。授权码里只有字母。
code-remember = 把授权码记在这台电脑的密码保管库（钥匙串）里
code-remember-explain = 它由系统的安全密码保管功能保存，不会存成文件。您随时可以在这里删除它。
code-forget = 删除已保存的授权码
keyring-checking = 正在检查这台电脑的密码保管库（钥匙串）…
keyring-unavailable = 这台电脑没有 mailwiz 能用的密码保管库（钥匙串），所以记不住授权码。其他功能都正常；下次需要再输入一次授权码。
keyring-loaded = 已从密码保管库读取保存的授权码。
keyring-load-failed = 无法从密码保管库读取保存的授权码。请再粘贴一次。
keyring-saved = 授权码已保存在密码保管库里。
keyring-save-failed = 授权码没能保存到密码保管库，这次只用于测试。
keyring-forgotten = 已从密码保管库删除保存的授权码。
keyring-delete-failed = 无法从密码保管库删除保存的授权码。

## 第 5 步
test-heading = 测试连接
test-intro = mailwiz 现在会像邮件程序那样登录您的邮箱，检查设置和授权码是否正确。除非您勾选下面的测试邮件，否则不会发送或更改任何东西。
test-oauth2-only = 这个服务商只接受在邮件程序里用它自己的方式登录，所以 mailwiz 无法用密码测试。请继续查看您的设置。
test-start = 开始测试
test-skip = 跳过测试
test-send-message-option = 同时给自己发一封测试邮件（确认发信也正常）
test-stage-millis = { $millis } 毫秒
test-stage-seconds = { $seconds } 秒
test-again = 再测一次
test-cancel = 取消
test-running = 正在测试…
test-cancelled = 测试已取消。
test-incoming = 收信（{ $protocol }）— { $host }:{ $port }
test-outgoing = 发信（{ $protocol }）— { $host }:{ $port }
test-all-ok = 一切正常。您的邮件程序用这些设置就能连上。
test-some-failed = 还有问题。请看上面的处理方法。
test-skipped-note = 没有测试。这些设置对您的邮箱是正确的，但如果授权码填错了，或者邮箱服务没有开启，要到邮件程序里才会发现。
test-server-said = 服务器回复：{ $message }
stage-dns = 查找服务器
stage-connect = 连接服务器
stage-secure = 加密连接
stage-greeting = 服务器应答
stage-capabilities = 服务器功能
stage-login = 登录
stage-mailbox = 打开收件箱

## 第 6 步
summary-title = { $address } 在 { $client } 里的设置（{ $protocol }）
summary-on-screen = 在“{ $screen }”界面上：
summary-field-line = “{ $label }”：{ $value }
# The label describes where the field is and already quotes the client's own word.
summary-field-described = { $label }：{ $value }
summary-then-press = 然后点“{ $button }”。
summary-copy = 复制
summary-copy-helpdesk = 复制给客服
summary-copied = 已复制。可以粘贴到任何地方。
summary-copied-helpdesk = 已复制给客服的内容（不包含您的授权码或密码）。
summary-not-tested = 这些设置还没有测试过。
summary-test-failed = 连接测试没有通过。请先解决下面的问题——在此之前，邮件程序用这些设置还无法收发邮件：
summary-back-to-test = 回到测试
summary-warnings-heading = 请注意：
summary-unverified-footnote = 这一项的名称没能在每个版本上核对，您看到的文字可能略有不同。
summary-incomplete = 还有一些内容没填。请返回去补上。
summary-warning-oauth2-only = 不要输入密码：请在邮件程序里选择服务商自己的登录方式。
summary-warning-unencrypted = 这些设置没有加密。您的密码在网络上会被别人看到。
value-your-name = 您的名字（别人收信时看到的名字）
value-password-authorization-code = 您的授权码（不是登录密码）
value-password-app-password = 您的应用专用密码（不是登录密码）
value-password-password = 您的密码
value-password-oauth2-only = 不要填，改用服务商自己的登录方式
value-security-none = 无
value-select-this = 选择这一项
value-tick-box = 勾选
value-leave-unticked = 不要勾选

## 给客服的文字
hd-heading = mailwiz — 给客服的设置信息
hd-client = 邮件程序
hd-address = 邮箱地址
hd-provider = 邮箱服务商
hd-incoming = 收信
hd-outgoing = 发信
hd-username = 用户名
hd-password-kind = 密码栏
hd-test = 测试
hd-test-not-run = 未进行
hd-test-skipped = 用户已跳过
hd-server-said = 服务器回复

## 命令行
lookup-not-in-list = 内置列表里没有 { $domain }。请打开设置向导，自己填写服务器。
cli-alternative = 备选

## 尚无可靠来源的邮箱服务器
quirk-servers-unverified = mailwiz 暂时没有这个邮箱经过核实的服务器设置。请按邮箱服务商帮助页面上的说明，手动填写服务器。
quirk-servers-from-client-lists = 这些服务器地址来自其他邮件程序的资料，不是邮箱服务商自己公布的。请务必做一次连接测试：如果连不上服务器，请到邮箱服务商的帮助页面核对服务器地址。
blocker-provider-unverified = 这个邮箱的服务器还没有核实：请选择“自己填写服务器”。
cli-unknown-client = 不认识这个邮件程序。请从这些里面选
cli-bad-server = --incoming 和 --outgoing 的写法是 主机:端口:安全类型，例如 mail.example.com:993:tls（安全类型：tls、starttls 或 none）。
cli-port-with-all = 使用 --protocol all 时，请用 --imap-port、--pop3-port 和 --smtp-port，而不是 --port。
cli-test-needs-host = 这个地址不在内置列表里：请用 --host（以及 --port、--security）指定服务器。
cli-test-no-code = 没有提供授权码：请使用 --password-stdin、环境变量 MAILWIZ_PASSWORD，或者先在向导里把授权码存进钥匙串。
cli-test-no-smtp = mailwiz 没有这个服务商的发信（SMTP）服务器，所以无法发送测试邮件。
cli-bad-timeout = 超时时间必须是 1 到 600 之间的秒数。
cli-bad-lookup-timeout = 时间限制必须是 0.1 到 600 之间的秒数。
cli-input-unreadable = 无法读取 { $path }：{ $error }
cli-input-too-large = { $path } 大于 { $limit } KiB，不可能是要用的文件。
cli-input-not-text = { $path } 不是文本（UTF-8）。
cli-ca-file-no-certificate = { $path } 里没有证书。CA 文件是含有“-----BEGIN CERTIFICATE-----”的 PEM 文件。
cli-ca-file-bad-certificate = 无法读取 { $path } 中的第 { $n } 个证书。它是 PEM 格式的证书吗？
cli-code-too-long = 标准输入中的授权码超过 { $limit } 个字符，不可能是授权码。
cli-code-not-text = 标准输入中的授权码不是文本（UTF-8）。
cli-bad-ispdb-url = --ispdb-url 必须是以 https:// 开头、带主机名的地址（如果写了端口，端口须在 1 到 65535 之间）。
test-copy-transcript = 复制技术记录给客服
test-transcript-copied = 已复制（授权码已替换成 [redacted]）。
manual-port-other-protocol = 端口 { $port } 通常是 { $protocol } 用的，不是这台服务器的。请检查端口。
value-auth-oauth2 = 请改选“OAuth2”（服务商自己的登录方式）
protocol-pop3-leave-copy-value = 在 { $client } 里，“{ $label }”：{ $value }。

window-failed = mailwiz 无法打开窗口。这通常是因为电脑没有可用的显卡驱动（例如在虚拟机或远程桌面里）。请更新显卡驱动，或者改用命令行：{ $command }
window-failed-detail = 技术细节：{ $reason }


# Summary step: the phone QR code (Thunderbird for Android)
qr-heading = 也在 Android 手机上设置 Thunderbird
qr-steps = 在手机上从 Google Play 安装 Thunderbird 并打开。点“开始”，然后在“已经在使用桌面版 Thunderbird？”下面点“导入设置”，用摄像头对准这个二维码。
qr-code-note = 二维码里没有授权码：手机提示“请输入密码”时，在手机上填写{ $what }。
qr-oauth-note = 之后手机会让您用服务商的方式登录：二维码里没有任何秘密信息。
qr-source = 按钮名称取自 Android 版 Thunderbird 自己的界面文字。
qr-apple = iPhone 或 iPad：二维码无法把设置带过去。请改为保存 Apple 描述文件（把邮件程序选为 Apple 邮件，或打开下面的“给管理员”），再在设备上打开它，例如用隔空投送或作为邮件附件。
qr-unavailable = 这些设置无法生成手机二维码：{ $why }
