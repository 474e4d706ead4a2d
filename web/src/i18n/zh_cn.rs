//! Simplified Chinese (zh-CN), the default language.

use super::Key::{self, *};

/// Every UI text in Simplified Chinese.
pub const CATALOGUE: &[(Key, &str)] = &[
    (AppName, "redress 消费投诉平台"),
    (LanguageName, "中文"),
    (LanguageSwitch, "界面语言"),
    (Loading, "正在加载…"),
    (RequestId, "请求编号："),
    (ErrorNetwork, "无法连接服务器，请检查网络后重试。"),
    (
        ErrorUnexpected,
        "服务器返回了无法识别的响应（HTTP {status}），请稍后重试。",
    ),
    (ErrorSignedOut, "登录已过期，请重新登录。"),
    (LoginTitle, "登录"),
    (
        LoginIntro,
        "消费者使用手机号或电子邮箱登录，工作人员使用登录名。",
    ),
    (LoginField, "手机号 / 电子邮箱 / 登录名"),
    (LoginFieldHint, "例如 13800138000"),
    (PasswordField, "密码"),
    (LoginSubmit, "登录"),
    (LoginPending, "正在登录…"),
    (MeTitle, "我的账户"),
    (DisplayName, "名称"),
    (AccountKind, "账户类型"),
    (LoginName, "登录名"),
    (Phone, "手机号"),
    (Email, "电子邮箱"),
    (Roles, "角色"),
    (ListSeparator, "、"),
    (Association, "所属消协"),
    (Logout, "退出登录"),
    (LogoutPending, "正在退出…"),
    (KindConsumer, "消费者"),
    (KindBusiness, "经营者客服"),
    (KindStaff, "工作人员"),
    (KindPlatformAdmin, "平台管理员"),
    (RoleIntakeOfficer, "受理员"),
    (RoleMediator, "调解员"),
    (RoleAssociationAdmin, "消协管理员"),
    (NotFoundTitle, "页面不存在"),
    (NotFoundBody, "您访问的页面不存在或已移动。"),
    (NotFoundLink, "返回首页"),
];
