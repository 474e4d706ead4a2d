use super::evaluation::{evaluate, parse_set};
use super::redaction::RedactedKind as Kind;
use super::{KnownNames, redact};

fn redacted(text: &str) -> String {
    redact(text, &KnownNames::default()).text
}

fn kinds(text: &str) -> Vec<Kind> {
    redact(text, &KnownNames::default())
        .spans
        .iter()
        .map(|s| s.kind)
        .collect()
}

#[test]
fn mobiles_are_removed_in_every_common_spacing() {
    for text in [
        "电话13812345678",
        "电话138 1234 5678",
        "电话138-1234-5678",
        "电话+8613812345678",
        "电话+86 138 1234 5678",
        "电话0086 13812345678",
        "电话１３８１２３４５６７８",
        "电话＋８６－１３８－１２３４－５６７８",
    ] {
        assert_eq!(redacted(text), "电话【手机号】", "{text}");
    }
}

#[test]
fn an_eleven_digit_number_not_starting_as_a_mobile_stays() {
    assert_eq!(kinds("编码12012345678"), vec![]);
}

#[test]
fn landlines_keep_their_area_code_forms() {
    for text in [
        "座机0755-86543210",
        "座机(0755)86543210",
        "座机010 6543 2109",
        "座机+86 21 66543210",
    ] {
        assert_eq!(redacted(text), "座机【固定电话】", "{text}");
    }
    assert_eq!(redacted("座机86543210"), "座机【固定电话】");
    assert_eq!(kinds("热线400-820-8820，还有95588"), vec![]);
    assert_eq!(kinds("打电话400-711-6699没人接"), vec![]);
    assert_eq!(redacted("订单 12345 13812345678"), "订单 12345 【手机号】");
}

#[test]
fn resident_ids_need_a_right_check_character() {
    let body = "11010519491231002";
    assert_eq!(super::numbers::id_check_character(body), b'X');
    assert!(super::numbers::is_resident_id("11010519491231002X"));
    assert!(!super::numbers::is_resident_id("110105194912310021"));
    assert!(!super::numbers::is_resident_id("440524188001010014"));

    assert_eq!(redacted("身份证11010519491231002x"), "身份证【身份证号】");
    assert_eq!(redacted("身份证110105 19491231 002X"), "身份证【身份证号】");
    assert_eq!(redacted("旧证110105491231002"), "旧证【身份证号】");
}

#[test]
fn a_resident_id_with_an_impossible_birthday_stays() {
    let body = "11010519490231002";
    let check = super::numbers::id_check_character(body) as char;

    assert_eq!(kinds(&format!("号码{body}{check}")), vec![]);
}

#[test]
fn bank_cards_pass_luhn_and_look_like_cards() {
    assert!(super::numbers::luhn("6222021234567890128"));
    assert!(!super::numbers::luhn("6222021234567890127"));

    assert_eq!(redacted("退到6222 0212 3456 7890 128"), "退到【银行卡号】");
    assert_eq!(redacted("卡号：4222222222222"), "卡号：【银行卡号】");
    assert_eq!(kinds("退到6222021234567890127"), vec![]);
}

#[test]
fn order_numbers_and_amounts_are_not_cards() {
    assert_eq!(kinds("订单号6222021234567890128一直没发货"), vec![]);
    assert_eq!(kinds("订单号 2024112012345678901，¥329900"), vec![]);
    assert_eq!(kinds("花了3299.00元，型号XQG100-BD14376"), vec![]);
    assert_eq!(kinds("2024-11-20下单，2024年11月20日到货"), vec![]);
    assert_eq!(
        redacted("物流很快，身份证11010519491231002X"),
        "物流很快，身份证【身份证号】"
    );
}

#[test]
fn a_number_named_as_an_id_or_a_card_is_removed_even_when_its_check_fails() {
    assert!(!super::numbers::is_resident_id("440524198001010015"));
    assert!(!super::numbers::luhn("6222021234567890127"));

    assert_eq!(
        redacted("身份证号440524198001010015"),
        "身份证号【身份证号】"
    );
    assert_eq!(
        redacted("证件号码：44052419800101001"),
        "证件号码：【身份证号】"
    );
    assert_eq!(redacted("卡号6222021234567890127"), "卡号【银行卡号】");
    assert_eq!(
        redacted("银行卡号 6222 0212 3456 7890 127"),
        "银行卡号 【银行卡号】"
    );
    assert_eq!(
        redacted("退款账号：6217001234567890"),
        "退款账号：【银行卡号】"
    );
    assert_eq!(kinds("账号13812345678"), vec![Kind::Mobile]);
    assert_eq!(kinds("SIM卡6222021234567890127"), vec![]);
}

#[test]
fn emails_are_removed_in_half_and_full_width() {
    assert_eq!(redacted("发到zhang.san88@qq.com谢谢"), "发到【邮箱】谢谢");
    assert_eq!(
        redacted("邮箱ｌｉ＿２０＠１６３．ｃｏｍ。"),
        "邮箱【邮箱】。"
    );
    assert_eq!(kinds("微博@某某官方"), vec![]);
    assert_eq!(
        redacted("发到．ＬＩ２１９＠ＳＯＨＵ．ＣＯＭ"),
        "发到．【邮箱】"
    );
}

#[test]
fn plates_wechat_and_qq_ids_given_as_such_are_removed() {
    assert_eq!(redacted("车牌粤B·12345"), "车牌【车牌号】");
    assert_eq!(redacted("车牌京AD12345"), "车牌【车牌号】");
    assert_eq!(redacted("加微信zhangsan_1988"), "加微信【微信号】");
    assert_eq!(redacted("vx：Lucky2020"), "vx：【微信号】");
    assert_eq!(redacted("QQ：123456789"), "QQ：【QQ号】");
    assert_eq!(redacted("扣扣 88888"), "扣扣 【QQ号】");
}

#[test]
fn addresses_keep_the_district_visible() {
    assert_eq!(
        redacted("深圳市南山区科技园南区8栋1203室"),
        "深圳市南山区【地址】"
    );
    assert_eq!(
        redacted("寄到广东省广州市天河区天河路385号，结果丢了"),
        "寄到广东省广州市天河区【地址】，结果丢了"
    );
    assert_eq!(
        redacted("湖南省衡阳县西渡镇梅花村3组"),
        "湖南省衡阳县【地址】"
    );
    assert_eq!(redacted("地址：阳光花园3栋2单元501室"), "地址：【地址】");
    assert_eq!(
        redacted("住址是时代广场1号楼1单元1903。"),
        "住址是【地址】。"
    );
    assert_eq!(
        redacted("寄到恩施土家族苗族自治州宣恩县东方大厦12栋5单元1602室"),
        "寄到恩施土家族苗族自治州宣恩县【地址】"
    );
    assert_eq!(kinds("附近超市3号柜台的东西，城市里到处都是"), vec![]);
}

#[test]
fn names_are_found_by_title_introducer_and_known_names() {
    assert_eq!(
        redacted("联系了张先生，说会处理"),
        "联系了【姓名】先生，说会处理"
    );
    assert_eq!(
        redacted("售后王建国经理一直推脱"),
        "售后【姓名】经理一直推脱"
    );
    assert_eq!(redacted("客服李明说不能退"), "客服【姓名】说不能退");
    assert_eq!(redacted("收货人：欧阳娜娜，"), "收货人：【姓名】，");

    let known = KnownNames::new(["赵小燕", "钱多"]);
    let out = redact("赵小燕投诉，东西让钱多代收", &known);
    assert_eq!(out.text, "【姓名】投诉，东西让【姓名】代收");
}

#[test]
fn names_after_a_role_or_before_a_verb_of_saying_are_removed() {
    assert_eq!(redacted("店长张三说可以退"), "店长【姓名】说可以退");
    assert_eq!(redacted("经理赵明表示不退"), "经理【姓名】表示不退");
    assert_eq!(redacted("快递员刘强把包裹扔了"), "快递员【姓名】把包裹扔了");
    assert_eq!(
        redacted("客服李丽告诉我三天到账"),
        "客服【姓名】告诉我三天到账"
    );
    assert_eq!(redacted("王芳说会处理"), "【姓名】说会处理");
    assert_eq!(redacted("后来陈伟答应退款"), "后来【姓名】答应退款");
    assert_eq!(
        redacted("门店的欧阳娜娜称没有此事"),
        "门店的【姓名】称没有此事"
    );
}

#[test]
fn words_before_a_verb_of_saying_are_not_names() {
    assert_eq!(
        kinds("公司声称没问题，对方表示不退，顾客说好，商家说明天发"),
        vec![]
    );
    assert_eq!(
        kinds("说明书上说能用，对方总说听不清，双方都应履行承诺"),
        vec![]
    );
    assert_eq!(kinds("跟华为说再见，蒙牛敢说吗，严格说来"), vec![]);
    assert_eq!(
        redacted("门店的陆主管答应退款"),
        "门店的【姓名】主管答应退款"
    );
}

#[test]
fn brands_and_plain_words_are_not_names() {
    assert_eq!(kinds("在李宁旗舰店买的，周大福的项链，王老吉凉茶"), vec![]);
    assert_eq!(kinds("我先生买的，一位女士等了很久，老师推荐的"), vec![]);
    assert_eq!(
        kinds("骑手谢谢你，司机师傅辛苦了，大学的时候老师讲过"),
        vec![]
    );
    assert_eq!(kinds("送到一楼，放在家里，住在8楼"), vec![]);
}

#[test]
fn spans_point_at_the_original_bytes() {
    let text = "电话１３８１２３４５６７８。";

    let out = redact(text, &KnownNames::default());

    assert_eq!(
        &text[out.spans[0].start..out.spans[0].end],
        "１３８１２３４５６７８"
    );
}

#[test]
fn the_labelled_set_meets_the_issue_targets() {
    let set = parse_set(include_str!("../../tests/data/redaction_set.jsonl")).unwrap();

    let evaluation = evaluate(&set);

    println!("{evaluation}");
    assert!(set.len() >= 300);
    for kind in Kind::ALL {
        let tally = evaluation.of(kind);
        let target = if matches!(kind, Kind::Name | Kind::Address) {
            0.95
        } else {
            0.99
        };
        assert!(
            tally.recall() >= target,
            "{} recall {:.3}",
            kind.code(),
            tally.recall()
        );
        assert!(
            tally.precision() >= 0.95,
            "{} precision {:.3}",
            kind.code(),
            tally.precision()
        );
    }
}

#[test]
fn a_bracket_around_a_number_stays_in_the_text() {
    let known = KnownNames::new(["王女士"]);

    let redacted = redact("已联系王女士（13800138000）办理退款", &known);
    assert_eq!(redacted.text, "已联系【姓名】（【手机号】）办理退款");
    let area = redact(
        "门店电话(0755) 8888 6666，手机(13800138000)",
        &KnownNames::default(),
    );
    assert_eq!(area.text, "门店电话【固定电话】，手机(【手机号】)");
}
