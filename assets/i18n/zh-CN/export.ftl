# mailwiz — 简体中文：导出的文件和说明。这里的每个 id 在 en 和 zh-TW 里也必须有。

## Apple 描述文件
export-profile-name = 邮箱账户 { $address }
export-profile-description = 把 { $address } 添加到“邮件”App。这个描述文件里没有密码或授权码：安装时“邮件”会请您输入一次。
export-profile-description-with-code = 把 { $address } 添加到“邮件”App。这个描述文件里包含您的授权码：请不要发给任何人，安装后请删除这个文件。

## 设置单和可打印的说明
export-guide-intro = 请把这一页放在邮件程序旁边，每个值都照这里写的原样输入。
export-profile-heading = 在 iPhone、iPad 或 Mac 上更快的方法：安装描述文件
export-steps-heading = 一步一步来
export-settings-heading = 全部设置一览
export-setting-column = 设置项
export-value-column = 值
export-no-code-inside = 本文件里没有您的授权码或密码。
export-made-by = 由 mailwiz { $version } 生成。

## Thunderbird 自动配置文件
export-autoconfig-where = 只给这台电脑上的 Thunderbird 用：把这个文件保存为 Thunderbird 安装文件夹里的 isp/{ $file }。给所有 { $domain } 邮箱的用户用：把它发布在 https://autoconfig.{ $domain }/mail/config-v1.1.xml。

## 无法生成文件的原因
export-error-needs-provider-sign-in = 这个服务商只接受在邮件程序里用它自己的方式登录，而这种文件只能设置密码登录。请改用一步一步的说明。
export-error-bad-address = 这些设置里的邮箱地址无效。
export-error-username-not-templatable = 用户名既不是邮箱地址，也不是 @ 前面的部分，所以无法写进适用于整个域名的文件。
export-error-needs-client = 请先选择您的邮件程序：说明是用那个程序自己的用语写的。

## 命令行
cli-export-needs-client = 这种格式是为某一个邮件程序写的：请加上 --client，可选
cli-export-written = 已写入 { $path }。
cli-export-write-failed = 无法写入 { $path }：{ $error }
export-error-not-for-thunderbird-mobile = Android 版 Thunderbird 无法从二维码读取这些设置（服务器名或地址里有它不接受的字符）。请在手机上手动填写设置。
cli-export-qr-extension = --format thunderbird-qr 输出的是图片：-o 的文件名请以 .png 或 .svg 结尾（不加 -o 时把 SVG 输出到标准输出）。
