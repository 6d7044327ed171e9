# mailwiz domain check / publish，以及客服模式中針對公司自有網域的面板

domain-heading = 郵件程式為 { $domain } 能找到什麼
domain-bad-domain = 這不是網域名稱（例如：example.com）。
domain-col-client = 郵件程式
domain-col-result = 結果
domain-col-from = 找到的位置
domain-asked-heading = 每個位置的回答：
domain-asked-nothing = 沒有（{ $why }）

domain-client-thunderbird = Thunderbird（電腦）
domain-client-thunderbird-android = Android 版 Thunderbird
domain-client-outlook = Outlook（自動探索）
domain-client-apple-mail = Apple 郵件（iPhone、iPad、Mac）
domain-client-srv-readers = 讀取 SRV 記錄的程式
domain-client-mailwiz = mailwiz

domain-place-mailwiz-list = mailwiz 內建清單
domain-place-autoconfig-host = autoconfig.DOMAIN（autoconfig 檔）
domain-place-autoconfig-well-known = DOMAIN/.well-known（autoconfig 檔）
domain-place-ispdb-online = Thunderbird 線上 ISPDB
domain-place-ispdb-copy = 內建的 ISPDB 副本
domain-place-mx-provider = MX 記錄（已知的郵件服務商）
domain-place-mx-ispdb = MX 記錄 → ISPDB
domain-place-srv = SRV 記錄（RFC 6186）
domain-place-autodiscover-root = DOMAIN/autodiscover（自動探索）
domain-place-autodiscover-host = autodiscover.DOMAIN（自動探索）
domain-place-autodiscover-srv = _autodiscover._tcp SRV 記錄

domain-verdict-ok = 能找到可用的設定
domain-verdict-problems = 能找到設定，但有問題
domain-verdict-nothing = 什麼也找不到
domain-verdict-profile-only = 沒有自動方式：請用描述檔

domain-problem-nothing-found = 這個程式查找的位置都沒有設定。請發布設定：mailwiz domain publish。
domain-problem-needs-profile = Apple 郵件不會為自有網域自動查找設定：請把 mailwiz domain publish 產生的 Apple 描述檔（.mobileconfig）寄給大家。
domain-problem-unencrypted = { $server } 沒有加密：密碼會以明文傳送。
domain-problem-server-failed = { $server }：{ $why }
domain-problem-outside-domain = { $place } 的回答來自（或指向）網域外的主機，程式會先詢問使用者是否信任它。
domain-problem-differs = { $place } 給出的是其他伺服器：不同程式會被設定成不同的樣子。

domain-publish-other-domain = 這個地址或檔案屬於另一個網域，而不是要發布的網域。
domain-publish-readme = { $domain } 的郵件設定，由 mailwiz 產生。

    請把每個資料夾複製到與它同名的主機的網站根目錄，透過 HTTPS 並使用有效憑證提供：
      • autoconfig.{ $domain }/ … Thunderbird 和 Android 版 Thunderbird 首先查找這裡
      • { $domain }/ … .well-known 檔（Thunderbird）和自動探索檔（Outlook）
      • autodiscover.{ $domain }/ … 自動探索檔（Outlook）
    Outlook 以 POST 請求 autodiscover.xml：請把網站伺服器設定為對 POST 也回傳這個檔案（很多伺服器只對 GET 回傳）。
    自動探索檔中沒有使用者名稱：Outlook 會用設定時輸入的電子郵件地址登入。

    把 { $zone } 中的各行加到 { $domain } 的 DNS 區域（供讀取 SRV 記錄的程式和 Outlook 使用）。

    { $profile } 是一個地址的 Apple 描述檔：請為每個人用下列指令各產生一個
      mailwiz export ADDRESS --format mobileconfig -o ADDRESS.mobileconfig
    再寄給他們（AirDrop 或電子郵件）；描述檔中從不包含密碼。
domain-publish-readme-check = 一切就緒後請檢查：mailwiz domain check DOMAIN

domain-panel-heading = 給 IT：郵件程式為 { $domain } 能找到什麼
domain-panel-intro = 檢查 Thunderbird、Outlook 等程式為這個網域查找設定的每一個位置，並連線到它們給出的伺服器（不傳送任何密碼）。
domain-panel-start = 檢查這個網域
domain-panel-again = 重新檢查
domain-panel-running = 正在詢問每個位置…
domain-panel-died = 檢查沒有得到結果就停止了：這是 mailwiz 的故障。請重試，或在終端機中執行「mailwiz domain check」。
domain-panel-publish-hint = 要讓每個程式都能找到設定，公司的 IT 可以發布設定：mailwiz domain publish DOMAIN --from ADDRESS -o FOLDER
domain-mta-sts-none = 未發布（其他郵件伺服器向這個網域投遞郵件時可以不用 TLS）
domain-mta-sts-policy = 策略模式為「{ $mode }」
domain-mta-sts-broken = 有記錄，但讀不到策略（{ $why }）
domain-panel-stop = 停止
