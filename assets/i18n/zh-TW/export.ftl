# mailwiz — 繁體中文（台灣／香港用語）：匯出的檔案和說明。這裡的每個 id 在 en 和 zh-CN 裡也必須有。

## Apple 描述檔
export-profile-name = 郵件帳號 { $address }
export-profile-description = 將 { $address } 加入「郵件」App。這個描述檔裡沒有密碼或授權碼：安裝時「郵件」會請您輸入一次。
export-profile-description-with-code = 將 { $address } 加入「郵件」App。這個描述檔裡含有您的授權碼：請不要傳給任何人，安裝後請刪除這個檔案。

## 設定表和可列印的說明
export-guide-intro = 請把這一頁放在郵件程式旁邊，每個值都照這裡寫的原樣輸入。
export-profile-heading = 在 iPhone、iPad 或 Mac 上更快的方法：安裝描述檔
export-steps-heading = 逐步設定
export-settings-heading = 所有設定一覽
export-setting-column = 設定項目
export-value-column = 值
export-no-code-inside = 本文件裡沒有您的授權碼或密碼。
export-made-by = 由 mailwiz { $version } 產生。

## Thunderbird 自動設定檔
export-autoconfig-where = 只給這台電腦上的 Thunderbird 使用：將這個檔案儲存為 Thunderbird 安裝資料夾裡的 isp/{ $file }。給所有 { $domain } 信箱的使用者使用：將它發布在 https://autoconfig.{ $domain }/mail/config-v1.1.xml。

## 無法產生檔案的原因
export-error-needs-provider-sign-in = 這個服務商只接受在郵件程式裡用它自己的方式登入，而這種檔案只能設定密碼登入。請改用逐步說明。
export-error-bad-address = 這些設定裡的電子郵件地址無效。
export-error-username-not-templatable = 使用者名稱既不是電子郵件地址，也不是 @ 前面的部分，所以無法寫進適用於整個網域的檔案。
export-error-needs-client = 請先選擇您的郵件程式：說明是用那個程式自己的用語寫的。

## 命令列
cli-export-needs-client = 這種格式是為某一個郵件程式寫的：請加上 --client，可選
cli-export-written = 已寫入 { $path }。
cli-export-write-failed = 無法寫入 { $path }：{ $error }
export-error-not-for-thunderbird-mobile = Android 版 Thunderbird 無法從 QR Code 讀取這些設定（伺服器名稱或地址中有它不接受的字元）。請在手機上手動填寫設定。
cli-export-qr-extension = --format thunderbird-qr 輸出的是圖片：-o 的檔名請以 .png 或 .svg 結尾（不加 -o 時把 SVG 輸出到標準輸出）。
