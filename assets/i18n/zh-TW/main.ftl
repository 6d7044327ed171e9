# mailwiz — 繁體中文（台灣、香港）。這裡的每個 id 都必須在 en 和 zh-CN 中同樣存在（有測試檢查）。

## 介面框架
step-client = 您的郵件程式
step-address = 您的電子郵件地址
step-protocol = 郵件存放方式
step-code = 授權碼或密碼
step-test = 測試
step-summary = 您的設定
step-counter = 第 { $n } 步，共 { $total } 步：{ $title }
language-label = 語言：
nav-back = ◀ 上一步
nav-next = 下一步 ▶
nav-start-over = 從頭開始

## 為什麼不能按「下一步」
blocker-choose-client = 請先選擇您的郵件程式。
blocker-client-discontinued = Windows 郵件已經無法使用了，請選擇其他程式。
blocker-pick-provider = 請從清單中選擇您的信箱服務商，或自行輸入伺服器。
blocker-company-manual = 公司信箱請輸入資訊部門（IT 部門）提供給您的伺服器。
blocker-no-imap = 這個信箱不提供 IMAP，請選擇 POP3。
blocker-no-pop3 = 這個信箱不提供 POP3，請選擇 IMAP。
blocker-manual-incoming = 請填寫收信伺服器的名稱和連接埠。
blocker-manual-outgoing = 請填寫寄信伺服器的名稱和連接埠。
blocker-client-no-pop3 = 這個郵件程式不能使用 POP3，請選擇 IMAP。
blocker-enter-authorization-code = 請輸入或貼上授權碼。
blocker-enter-app-password = 請輸入或貼上應用程式密碼。
blocker-enter-password = 請輸入您的密碼。
blocker-test-running = 請等測試結束，或按「取消」。
blocker-test-or-skip = 請開始測試，或略過測試。

## 電子郵件地址有問題
address-error-empty = 請輸入您的電子郵件地址。
address-error-missing-at = 電子郵件地址裡會有一個 @ 符號，例如 name@gmail.com。
address-error-several-at = 地址裡的 @ 符號不只一個。
address-error-missing-local = @ 符號前面少了內容。
address-error-missing-domain = @ 符號後面少了內容，例如 gmail.com。
address-error-bad-character = 地址裡有空格，或有電子郵件地址不能使用的字元。
address-error-bad-domain = @ 符號後面的部分看起來不對，應該像 gmail.com 這樣。
address-error-too-long = 這個電子郵件地址太長了。

## 第 1 步
client-heading = 您想設定哪一個郵件程式？
client-intro = 請選擇您平常用來看郵件的程式。最後的設定說明會照著這個程式裡顯示的文字來寫。
client-discontinued = Windows 郵件從 2024 年底起已經無法收發郵件。請改用下面其中一個：

## 第 2 步
address-heading = 您的電子郵件地址是什麼？
address-label = 電子郵件地址
address-hint = name@gmail.com
address-not-in-list = 內建清單裡沒有 { $domain }。請在下面選擇您的信箱服務商，或自行輸入伺服器。
address-recognised = 已辨識：
address-picked = 您選擇了：
address-show-list = 從清單中選擇我的信箱服務商
address-hide-list = 隱藏清單
address-manual = 自行輸入伺服器
address-search-label = 搜尋：
address-search-hint = 名稱或網域，例如 163
needs-authorization-code = 需要使用授權碼，而不是您的登入密碼。
needs-app-password = 需要使用應用程式密碼，而不是您的登入密碼。
needs-password = 使用您平常的密碼。
needs-oauth2-only = 不能直接輸入密碼：您要在郵件程式裡面登入。
manual-intro = 請完全照著信箱服務商或資訊部門提供的內容輸入伺服器。
manual-ask-it = 要向資訊部門詢問哪些事
manual-incoming = 收信伺服器（{ $protocol }）
manual-outgoing = 寄信伺服器（SMTP）
manual-username = 使用者名稱：
manual-username-hint = 不填就是您的電子郵件地址
manual-host = 伺服器：
manual-host-hint = 例如 mail.example.com
manual-port = 連接埠：
manual-security = 加密方式：
manual-unencrypted-warning = 不加密的話，您的密碼在網路上傳送時任何人都看得到。mailwiz 不會這樣傳送密碼，您也不應該這樣做。請向對方索取加密的設定。
manual-invalid = 這個伺服器名稱不正確。
manual-pair-mismatch = 這個連接埠通常要搭配另一種加密方式。連接埠和加密方式搭配錯誤，是郵件程式無法連線最常見的原因。
security-tls = SSL/TLS
security-starttls = STARTTLS
security-none = 無（不加密）

## 第 3 步
protocol-heading = IMAP 還是 POP3？
protocol-intro = 兩種方式都能把郵件收進程式裡，差別在於郵件存放在哪裡。
protocol-imap-title = IMAP
protocol-pop3-title = POP3
protocol-row-devices = 手機和電腦
protocol-row-server-copy = 伺服器上的副本
protocol-row-offline = 沒有網路時
protocol-row-space = 信箱空間
protocol-imap-devices = 每台裝置上都是一樣的郵件、資料夾和已讀標記。
protocol-pop3-devices = 每台裝置各自下載郵件；在一台上讀過或刪除的郵件，另一台並不知道。
protocol-imap-server-copy = 郵件一直保存在伺服器上；這部電腦壞了也不會遺失。
protocol-pop3-server-copy = 郵件會被搬到這部電腦上。請在伺服器上保留一份副本，否則郵件只存在這部電腦裡。
protocol-imap-offline = 可以看最近的郵件，程式會保存副本。
protocol-pop3-offline = 所有已下載的郵件都可以看。
protocol-imap-space = 會佔用您在信箱服務商那邊的信箱空間。
protocol-pop3-space = 會騰出信箱服務商那邊的信箱空間（如果不保留副本）。
protocol-use-imap = 使用 IMAP
protocol-use-pop3 = 使用 POP3
protocol-not-offered = 這個信箱不提供。
protocol-recommend-imap = 建議使用 IMAP。除非您只在這一部電腦上看郵件，並且想把郵件存在這部電腦裡。
protocol-recommend-pop3 = 這個信箱只提供 POP3。
protocol-pop3-leave-copy-in = 請在 { $client } 中勾選「{ $label }」，這樣伺服器上會保留一份副本。
protocol-pop3-leave-copy = 請在郵件程式中設定在伺服器上保留郵件副本。

## 第 4 步
code-heading-authorization-code = 取得授權碼
code-heading-app-password = 取得應用程式密碼
code-heading-password = 您的密碼
code-heading-oauth2-only = 這裡不需要密碼
code-intro-authorization-code = 郵件程式不能使用您平常的登入密碼，信箱服務商會另外給您一組授權碼。請在瀏覽器中按照下面的步驟操作，然後把授權碼貼到下面。
code-intro-app-password = 您的郵件程式需要一組應用程式密碼，要在帳號的安全性設定中建立。請按照下面的步驟操作，然後把它貼到下面。
code-intro-password = 請輸入這個信箱的密碼。它只用來測試，除非您選擇記住它。
code-intro-oauth2-only = 這個信箱服務商不接受郵件程式裡輸入的密碼。您要直接在郵件程式裡面登入。
code-steps-title = 在{ $provider }中：
code-open-help = 開啟服務商的說明頁面
code-oauth2-only = 請在郵件程式中選擇服務商自己的登入方式（例如「使用 Microsoft 登入」），不要輸入密碼。在這裡輸入的密碼會被拒絕。
code-field-authorization-code = 授權碼
code-field-app-password = 應用程式密碼
code-field-password = 密碼
code-show = 顯示
code-hide = 隱藏
code-spaces-removed = 已移除您貼上內容中的空格。
code-warning-length = 這組授權碼有 { $count } 個字元，但這個服務商提供的應該有 { $expected } 個。請檢查是否完整複製了。
code-warning-looks-like-password = 這看起來像平常的登入密碼，不像服務商提供的授權碼。授權碼只有英文字母。
code-remember = 把授權碼記在這部電腦的密碼儲存區（鑰匙圈）裡
code-remember-explain = 它由系統的安全密碼儲存功能保管，不會存成檔案。您隨時可以在這裡刪除它。
code-forget = 刪除已儲存的授權碼
keyring-checking = 正在檢查這部電腦的密碼儲存區（鑰匙圈）…
keyring-unavailable = 這部電腦沒有 mailwiz 能使用的密碼儲存區（鑰匙圈），所以無法記住授權碼。其他功能都正常；下次需要再輸入一次。
keyring-loaded = 已從密碼儲存區讀取儲存的授權碼。
keyring-load-failed = 無法從密碼儲存區讀取儲存的授權碼。請再貼上一次。
keyring-saved = 授權碼已儲存在密碼儲存區。
keyring-save-failed = 無法把授權碼儲存在密碼儲存區，這次只會用來測試。
keyring-forgotten = 已從密碼儲存區刪除儲存的授權碼。
keyring-delete-failed = 無法從密碼儲存區刪除儲存的授權碼。

## 第 5 步
test-heading = 測試連線
test-intro = mailwiz 現在會像郵件程式一樣登入您的信箱，檢查設定和授權碼是否正確。除非您勾選下面的測試郵件，否則不會寄出或更改任何東西。
test-oauth2-only = 這個服務商只接受在郵件程式裡用它自己的方式登入，所以 mailwiz 無法用密碼測試。請繼續查看您的設定。
test-start = 開始測試
test-skip = 略過測試
test-send-message-option = 同時寄一封測試郵件給自己（確認寄信也正常）
test-stage-millis = { $millis } 毫秒
test-stage-seconds = { $seconds } 秒
test-again = 再測試一次
test-cancel = 取消
test-running = 正在測試…
test-cancelled = 已取消測試。
test-incoming = 收信（{ $protocol }）— { $host }:{ $port }
test-outgoing = 寄信（{ $protocol }）— { $host }:{ $port }
test-all-ok = 一切正常。您的郵件程式用這些設定就能連線。
test-some-failed = 還有問題。請看上面的處理方法。
test-skipped-note = 沒有測試。這些設定對您的信箱是正確的，但如果授權碼輸入錯誤，或信箱的郵件服務沒有開啟，要到郵件程式裡才會發現。
test-server-said = 伺服器回覆：{ $message }
stage-dns = 尋找伺服器
stage-connect = 連上伺服器
stage-secure = 加密連線
stage-greeting = 伺服器回應
stage-capabilities = 伺服器功能
stage-login = 登入
stage-mailbox = 開啟收件匣

## 第 6 步
summary-title = { $address } 在 { $client } 中的設定（{ $protocol }）
summary-on-screen = 在「{ $screen }」畫面上：
summary-field-line = 「{ $label }」：{ $value }
# The label describes where the field is and already quotes the client's own word.
summary-field-described = { $label }：{ $value }
summary-then-press = 然後按「{ $button }」。
summary-copy = 複製
summary-copy-helpdesk = 複製給客服人員
summary-copied = 已複製。可以貼到任何地方。
summary-copied-helpdesk = 已複製給客服人員的內容（不含您的密碼或授權碼）。
summary-not-tested = 這些設定還沒有測試過。
summary-test-failed = 連線測試沒有通過。請先解決下面的問題——在此之前，郵件程式用這些設定還無法收發郵件：
summary-back-to-test = 回到測試
summary-warnings-heading = 請注意：
summary-unverified-footnote = 這個項目的名稱無法在每個版本上核對，您看到的文字可能略有不同。
summary-incomplete = 還有一些內容沒有填寫。請回到前面補上。
summary-warning-oauth2-only = 不要輸入密碼：請在郵件程式中選擇服務商自己的登入方式。
summary-warning-unencrypted = 這些設定沒有加密。您的密碼在網路上會被別人看到。
value-your-name = 您的名字（別人收信時看到的名字）
value-password-authorization-code = 您的授權碼（不是登入密碼）
value-password-app-password = 您的應用程式密碼（不是登入密碼）
value-password-password = 您的密碼
value-password-oauth2-only = 不要填，改用服務商自己的登入方式
value-security-none = 無
value-select-this = 選擇這一項
value-tick-box = 勾選
value-leave-unticked = 不要勾選

## 給客服人員的文字
hd-heading = mailwiz — 給客服人員的設定資料
hd-client = 郵件程式
hd-address = 電子郵件地址
hd-provider = 信箱服務商
hd-incoming = 收信
hd-outgoing = 寄信
hd-username = 使用者名稱
hd-password-kind = 密碼欄
hd-test = 測試
hd-test-not-run = 未執行
hd-test-skipped = 使用者已略過
hd-server-said = 伺服器回覆

## 命令列
lookup-not-in-list = 內建清單裡沒有 { $domain }。請開啟設定精靈，自行輸入伺服器。
cli-alternative = 替代方案

## 尚無可靠來源的信箱伺服器
quirk-servers-unverified = mailwiz 目前還沒有這個信箱經過核實的伺服器設定。請依照信箱服務商說明頁面上的資料，手動填寫伺服器。
quirk-servers-from-client-lists = 這些伺服器位址來自其他郵件程式的資料，不是信箱服務商自己公布的。請務必做一次連線測試：如果連不上伺服器，請到信箱服務商的說明頁面核對伺服器位址。
blocker-provider-unverified = 這個信箱的伺服器尚未核實：請選擇「自行輸入伺服器」。
cli-unknown-client = 不認得這個郵件程式。請從以下選擇
cli-bad-server = --incoming 與 --outgoing 的寫法是 主機:連接埠:安全類型，例如 mail.example.com:993:tls（安全類型：tls、starttls 或 none）。
cli-port-with-all = 使用 --protocol all 時，請用 --imap-port、--pop3-port 和 --smtp-port，而不是 --port。
cli-test-needs-host = 這個地址不在內建清單中：請用 --host（以及 --port、--security）指定伺服器。
cli-test-no-code = 沒有提供授權碼：請使用 --password-stdin、環境變數 MAILWIZ_PASSWORD，或先在精靈中把授權碼存進鑰匙圈。
cli-test-no-smtp = mailwiz 沒有這個服務商的寄信（SMTP）伺服器，所以無法寄出測試郵件。
cli-bad-timeout = 逾時時間必須是 1 到 600 之間的秒數。
cli-bad-lookup-timeout = 時間限制必須是 0.1 到 600 之間的秒數。
cli-input-unreadable = 無法讀取 { $path }：{ $error }
cli-input-too-large = { $path } 大於 { $limit } KiB，不可能是要用的檔案。
cli-input-not-text = { $path } 不是文字（UTF-8）。
cli-ca-file-no-certificate = { $path } 裡沒有憑證。CA 檔案是含有「-----BEGIN CERTIFICATE-----」的 PEM 檔案。
cli-ca-file-bad-certificate = 無法讀取 { $path } 中的第 { $n } 個憑證。它是 PEM 格式的憑證嗎？
cli-code-too-long = 標準輸入中的授權碼超過 { $limit } 個字元，不可能是授權碼。
cli-code-not-text = 標準輸入中的授權碼不是文字（UTF-8）。
cli-bad-ispdb-url = --ispdb-url 必須是以 https:// 開頭、帶主機名稱的位址（如果寫了連接埠，連接埠須在 1 到 65535 之間）。
test-copy-transcript = 複製技術紀錄給客服人員
test-transcript-copied = 已複製（授權碼已替換成 [redacted]）。
manual-port-other-protocol = 連接埠 { $port } 通常是 { $protocol } 用的，不是這台伺服器的。請檢查連接埠。
value-auth-oauth2 = 請改選「OAuth2」（服務商自己的登入方式）
protocol-pop3-leave-copy-value = 在 { $client } 中，「{ $label }」：{ $value }。

window-failed = mailwiz 無法開啟視窗。這通常是因為電腦沒有可用的顯示卡驅動程式（例如在虛擬機器或遠端桌面裡）。請更新顯示卡驅動程式，或改用命令列：{ $command }
window-failed-detail = 技術細節：{ $reason }


# Summary step: the phone QR code (Thunderbird for Android)
qr-heading = 也在 Android 手機上設定 Thunderbird
qr-steps = 在手機上從 Google Play 安裝 Thunderbird 並開啟。點選「開始」，然後在「是否已在使用 Thunderbird 電腦版？」下方點選「匯入設定」，用相機對準這個 QR Code。
qr-code-note = QR Code 裡沒有密碼：手機提示「請輸入密碼」時，在手機上填寫{ $what }。
qr-oauth-note = 之後手機會請您用服務商的方式登入：QR Code 裡沒有任何機密資訊。
qr-source = 按鈕名稱取自 Android 版 Thunderbird 自己的介面文字。
qr-apple = iPhone 或 iPad：QR Code 無法把設定帶過去。請改為儲存 Apple 描述檔（把郵件程式選為 Apple 郵件，或開啟下方的「給管理員」），再在裝置上開啟它，例如用 AirDrop 或作為郵件附件。
qr-unavailable = 這些設定無法產生手機 QR Code：{ $why }
