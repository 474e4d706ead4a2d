//! Person names: the names the caller knows, and names recognised from the
//! words around them (张先生, 客服李明, 联系人：王芳).

use super::redaction::{KnownNames, RedactedKind as Kind};
use super::text::{Found, Scan, is_han};

/// Common single-character surnames. Function words that are also rare
/// surnames (和, 向 as a preposition) are handled by `FUNCTION_WORDS`.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘\
于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史\
陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧\
耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻\
祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂\
佟应臧闵苟邬边卞姬师仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池麻苑迟邝";

const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "司徒", "夏侯", "尉迟", "公孙",
    "长孙", "宇文", "轩辕", "端木", "独孤", "南宫", "西门", "澹台", "钟离", "呼延",
];

/// Words after a surname that make it a person's: 张先生, 李经理.
const TITLES: &[&str] = &[
    "先生",
    "女士",
    "小姐",
    "经理",
    "师傅",
    "老师",
    "主管",
    "医生",
    "律师",
    "店长",
    "阿姨",
    "大姐",
    "老板",
    "工程师",
    "专员",
    "组长",
    "主任",
    "警官",
    "护士",
    "总监",
    "大哥",
    "姐",
];

/// Words before a name that introduce it: 我叫李明, 收货人：王芳, and the
/// roles of the people a consumer deals with: 店长张三, 快递员刘强.
const INTRODUCERS: &[&str] = &[
    "我叫",
    "本人",
    "联系人",
    "收货人",
    "收件人",
    "寄件人",
    "姓名",
    "名字",
    "客服",
    "店长",
    "店主",
    "经理",
    "主管",
    "老板",
    "导购",
    "收银员",
    "维修员",
    "安装工",
    "快递员",
    "骑手",
    "店员",
    "业务员",
    "司机",
    "销售",
    "顾问",
    "配送员",
    "外卖员",
    "户名",
    "持卡人",
    "经办人",
    "投诉人",
    "负责人",
    "员工",
    "工作人员",
    "名叫",
    "叫做",
    "署名",
    "签收人",
    "代收人",
    "老公",
    "老婆",
    "妻子",
    "丈夫",
    "家人",
    "朋友",
];

/// Verbs of saying and promising that follow a full name: 王芳说,
/// 李明告诉我, 赵刚答应退款.
const SPEECH_VERBS: &[&str] = &["说", "告诉", "表示", "称", "答应", "承诺"];

/// Words that start with a verb of saying but say something else: 说明书,
/// 说法, 称号, 称呼.
const NOT_SPEECH: &[&str] = &[
    "说明", "说法", "说服", "称号", "称呼", "称赞", "称重", "称心",
];

/// Characters that may stand just before a name that speaks: a name opens
/// the clause or follows a pronoun, conjunction or preposition (后来王芳说,
/// 我问了王芳，王芳说, 门店的王芳说). Any other character makes the
/// candidate the tail of a longer word (公司声称, 说明书上说).
const BEFORE_SPEAKER: &str = "我你他她们和跟对向给让叫问被是但而就又还也都后来时果且可的了";

/// Adverbs and pronouns that stand between a speaker and the verb (对方总说,
/// 我们连忙说, 安慰我说): they end a name before a verb of saying.
const NOT_GIVEN_BEFORE_SPEECH: &str = "我你他她总终竟敢自忙必据应只才再仍曾便家部行";

const INTRODUCER_FILLER: &[char] = &[' ', ':', '是', '为', '：'];

/// Characters that end a given name: particles, verbs and prepositions
/// that follow names in running text.
const NOT_GIVEN: &str = "的了说是在和给把让也都就又不没要已打称电先女小经师老客态处答告问来去到与跟对向\
从被将还很讲却再才这那等们个位人叫找后前时称表回复确同接拒一承推挂非多联反催骂送";

/// Characters that, in front of a surname, are words of their own.
const FUNCTION_WORDS: &str = "向于和与给跟对把被从在到找问叫让位个是";

/// Everyday words that open with a surname character.
const COMMON_WORDS: &[&str] = &[
    "谢谢", "谢了", "辛苦", "安装", "安排", "安全", "安静", "解释", "解决", "简直", "简单", "司机",
    "房间", "房务", "房子", "时候", "时间", "应该", "麻烦", "商量", "商家", "商品", "关系", "关于",
    "卫生", "马上", "路线", "路上", "高校", "高兴", "连续", "连系", "连着", "胡乱", "迟早", "师傅",
    "程序", "费用", "方面", "方便", "方法", "金额", "明白", "明天", "明明", "明显", "宁可", "齐全",
    "全部", "全是", "全都", "常常", "温度", "包装", "包括", "尚未", "舒服", "符合", "单位", "单独",
    "成功", "成本", "管理", "车上", "车子", "车辆", "项目", "龙虾", "黄色", "白色", "文字", "江湖",
    "严格", "何必", "周末", "单单", "连忙",
];

/// Brands and shop names that read like person names.
const BRANDS: &[&str] = &[
    "李宁",
    "周大福",
    "周生生",
    "周六福",
    "王老吉",
    "老干妈",
    "张小泉",
    "李锦记",
    "周黑鸭",
    "杨国福",
    "张亮",
    "马应龙",
    "陈克明",
    "谢馥春",
    "王守义",
    "黄飞红",
    "金龙鱼",
    "钱大妈",
    "许留山",
    "朱炳仁",
    "谭木匠",
    "曾五禾",
    "陈李济",
    "胡庆余堂",
    "王府井",
    "刘一手",
    "张飞牛肉",
    "蒙牛",
    "马大姐",
    "华为",
];

pub(super) fn find(scan: &Scan, known: &KnownNames) -> Vec<Found<Kind>> {
    let mut found = known_names(scan, known);
    let recognised: Vec<_> = titled_names(scan)
        .into_iter()
        .chain(introduced_names(scan))
        .chain(speaking_names(scan))
        .filter(|f| !inside_brand(scan, f) && !common_word(scan, f))
        .collect();

    found.extend(recognised);
    found
}

fn known_names(scan: &Scan, known: &KnownNames) -> Vec<Found<Kind>> {
    let mut found = Vec::new();
    for name in known.names() {
        let n = name.chars().count();
        for start in 0..scan.len() {
            if scan.starts_with(start, name) {
                found.push(Found {
                    kind: Kind::Name,
                    start,
                    end: start + n,
                });
            }
        }
    }
    found
}

/// 张先生, 李明经理, 欧阳娜娜女士.
fn titled_names(scan: &Scan) -> Vec<Found<Kind>> {
    let mut found = Vec::new();
    for t in 1..scan.len() {
        if !TITLES.iter().any(|title| scan.starts_with(t, title)) {
            continue;
        }
        let longest = (1..=4)
            .rev()
            .find(|len| *len <= t && is_name(scan, t - len, t));
        if let Some(len) = longest {
            found.push(Found {
                kind: Kind::Name,
                start: t - len,
                end: t,
            });
        }
    }
    found
}

/// 我叫李明, 联系人：王芳, 客服张伟.
fn introduced_names(scan: &Scan) -> Vec<Found<Kind>> {
    let mut found = Vec::new();
    for i in 0..scan.len() {
        let Some(cue) = INTRODUCERS.iter().find(|cue| scan.starts_with(i, cue)) else {
            continue;
        };
        let mut start = i + cue.chars().count();
        while INTRODUCER_FILLER.contains(&scan.at(start)) && start < i + 6 {
            start += 1;
        }

        let longest = (2..=4).rev().find(|len| is_name(scan, start, start + len));
        if let Some(len) = longest {
            found.push(Found {
                kind: Kind::Name,
                start,
                end: start + len,
            });
        }
    }
    found
}

/// 王芳说, 客服李丽告诉我: a surname and a given name right before a verb
/// of saying. A surname alone is not enough here (对方说, 商家表示).
fn speaking_names(scan: &Scan) -> Vec<Found<Kind>> {
    let mut found = Vec::new();
    for v in 2..scan.len() {
        let speaks = SPEECH_VERBS.iter().any(|verb| scan.starts_with(v, verb))
            && !NOT_SPEECH.iter().any(|word| scan.starts_with(v, word));
        if !speaks {
            continue;
        }
        let longest = (2..=4).rev().find(|len| {
            *len <= v && is_full_name(scan, v - len, v) && opens_speaker(scan.before(v - len))
        });
        if let Some(len) = longest {
            found.push(Found {
                kind: Kind::Name,
                start: v - len,
                end: v,
            });
        }
    }
    found
}

/// A surname followed by at least one given-name character that does not
/// start a title or a role (陆主管, 安商家 are no names) and is no adverb
/// or pronoun.
fn is_full_name(scan: &Scan, start: usize, end: usize) -> bool {
    let given = start + surname_length(scan, start);
    let names_a_role = (given..end).any(|i| {
        TITLES
            .iter()
            .chain(INTRODUCERS)
            .chain(["商家", "公司", "店家", "卖家"].iter())
            .any(|word| scan.starts_with(i, word))
            || NOT_GIVEN_BEFORE_SPEECH.contains(scan.at(i))
    });

    is_name(scan, start, end) && end > given && !names_a_role
}

fn opens_speaker(before: char) -> bool {
    !is_han(before) || BEFORE_SPEAKER.contains(before)
}

/// A surname (one or two characters) and up to two given-name characters.
fn is_name(scan: &Scan, start: usize, end: usize) -> bool {
    if end > scan.len() || !(start..end).all(|i| is_han(scan.at(i))) {
        return false;
    }
    let surname = surname_length(scan, start);
    let given = (end - start).saturating_sub(surname);
    let word_on_its_own = given > 0 && FUNCTION_WORDS.contains(scan.at(start));

    surname > 0
        && surname <= end - start
        && given <= 2
        && !word_on_its_own
        && (start + surname..end).all(|i| !NOT_GIVEN.contains(scan.at(i)))
}

fn surname_length(scan: &Scan, start: usize) -> usize {
    if COMPOUND_SURNAMES.iter().any(|s| scan.starts_with(start, s)) {
        2
    } else if SURNAMES.contains(scan.at(start)) {
        1
    } else {
        0
    }
}

/// Whether a brand overlaps the name (李宁 in 李宁旗舰店, 蒙牛 in 蒙牛敢说).
fn inside_brand(scan: &Scan, name: &Found<Kind>) -> bool {
    BRANDS.iter().any(|brand| {
        let n = brand.chars().count();
        let from = (name.start + 1).saturating_sub(n);
        (from..name.end).any(|s| scan.starts_with(s, brand))
    })
}

fn common_word(scan: &Scan, name: &Found<Kind>) -> bool {
    COMMON_WORDS
        .iter()
        .any(|word| scan.starts_with(name.start, word))
}
