#!/usr/bin/env python3
"""Builds the labelled set for redaction: api/tests/data/redaction_set.jsonl.

Every sentence starts from real consumer wording (negative shopping and
food-delivery reviews, and the 黑猫投诉 example records, from
/work/shared/data; see the README there) with planted personal data of one
or more kinds, or with look-alikes that must stay (order numbers, prices,
dates, model numbers, brands). The planted values are made up here; check
digits (GB 11643, Luhn) are computed so that they are valid.

Deterministic: the same data and seed give the same file.

    python3 scripts/redaction_set.py > api/tests/data/redaction_set.jsonl

Options: --data DIR (default /work/shared/data), --seed N (default 20261204;
another seed gives a fresh set for a held-out check).
"""

import csv
import json
import random
import sys

def option(name, default):
    args = sys.argv[1:]
    return args[args.index(name) + 1] if name in args else default


DATA = option("--data", "/work/shared/data")
rng = random.Random(int(option("--seed", "20261204")))

# ---------------------------------------------------------------- wording


def real_sentences():
    """Short real review sentences with no masked data left in them."""
    texts = []
    with open(f"{DATA}/reviews_cn/online_shopping_10_cats_negative.csv") as f:
        texts += [r["review"] for r in csv.DictReader(f)]
    with open(f"{DATA}/reviews_cn/waimai_10k.csv") as f:
        texts += [r["review"] for r in csv.DictReader(f) if r["label"] == "0"]
    with open(f"{DATA}/heimao/heimao_example_3rows.csv") as f:
        for r in csv.DictReader(f):
            texts += [s + "。" for s in r["summary"].split("，") if len(s) > 8]
    keep = []
    for t in texts:
        t = t.strip().replace("\n", " ")
        if 8 <= len(t) <= 45 and "[" not in t and "【" not in t and "@" not in t:
            keep.append(t)
    return keep


REAL = real_sentences()


def wording():
    return rng.choice(REAL)


def plant(clause):
    """A real sentence with the clause before or after it."""
    real = wording()
    if rng.random() < 0.5:
        return real.rstrip("。！!") + "，" + clause + "。"
    return clause + "。" + real


# ---------------------------------------------------------------- forms

FULL = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def full_width(s):
    return "".join(FULL.get(c, c) for c in s)


def digits(n, first="0123456789"):
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def spaced(s, groups, sep):
    out, at = [], 0
    for g in groups:
        out.append(s[at:at + g])
        at += g
    if at < len(s):
        out.append(s[at:])
    return sep.join(out)


def maybe_full(s, p=0.2):
    return full_width(s) if rng.random() < p else s


# ---------------------------------------------------------------- values


def mobile():
    prefix = rng.choice(["13", "15", "18", "17", "19", "14", "16"]) + digits(1)
    n = prefix + digits(8)
    form = rng.choice(["plain", "plain", "3-4-4 space", "3-4-4 dash", "+86", "+86 spaced",
                       "0086", "+86-dash"])
    shown = {
        "plain": n,
        "3-4-4 space": spaced(n, [3, 4], " "),
        "3-4-4 dash": spaced(n, [3, 4], "-"),
        "+86": "+86" + n,
        "+86 spaced": "+86 " + spaced(n, [3, 4], " "),
        "0086": "0086" + n,
        "+86-dash": "+86-" + spaced(n, [3, 4], "-"),
    }[form]
    return maybe_full(shown)


def landline():
    area = rng.choice(["010", "021", "020", "022", "023", "025", "027", "028", "029", "0755",
                       "0571", "0512", "0731", "0591", "0371", "0898", "0769"])
    length = 8 if len(area) == 3 else rng.choice([7, 8])
    sub = digits(length, "2345678")
    form = rng.choice(["dash", "dash", "space", "bracket", "plain", "+86"])
    shown = {
        "dash": f"{area}-{sub}",
        "space": f"{area} {spaced(sub, [4], ' ')}",
        "bracket": f"({area}){sub}",
        "plain": area + sub,
        "+86": f"+86 {area[1:]} {sub}",
    }[form]
    return maybe_full(shown)


PROVINCE_CODES = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35",
                  "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "61",
                  "62", "63", "64", "65"]


def birth_date(lo=1955, hi=2006):
    y, m = rng.randint(lo, hi), rng.randint(1, 12)
    d = rng.randint(1, 28)
    return f"{y:04d}{m:02d}{d:02d}"


def id_check(body):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def resident_id():
    region = rng.choice(PROVINCE_CODES) + digits(4)
    if rng.random() < 0.15:
        return region + birth_date(1940, 1999)[2:] + digits(3)
    body = region + birth_date() + digits(3)
    n = body + id_check(body)
    form = rng.choice(["plain", "plain", "plain", "grouped", "lower"])
    if form == "grouped":
        n = spaced(n, [6, 8], " ")
    elif form == "lower":
        n = n.replace("X", "x")
    return maybe_full(n)


def luhn_complete(partial):
    total = 0
    for i, c in enumerate(reversed(partial)):
        d = int(c)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return partial + str((10 - total % 10) % 10)


def bank_card():
    start = rng.choice(["6222", "6217", "6228", "6214", "6230", "6212", "4367", "5187", "6259"])
    length = rng.choice([16, 19, 19])
    n = luhn_complete(start + digits(length - 5))
    form = rng.choice(["plain", "plain", "grouped", "dashed"])
    if form == "grouped":
        n = spaced(n, [4, 4, 4, 4], " ")
    elif form == "dashed":
        n = spaced(n, [4, 4, 4, 4], "-")
    return maybe_full(n)


def email():
    user = rng.choice(["zhang", "li", "wang", "chen", "liu", "xiaoyu", "happy", "sunny", "tom",
                       "lily", "kevin", "mumu"])
    user += rng.choice(["", ".", "_", ""]) + digits(rng.randint(2, 6))
    domain = rng.choice(["qq.com", "163.com", "126.com", "gmail.com", "sina.com", "outlook.com",
                         "foxmail.com", "hotmail.com", "yeah.net", "sohu.com"])
    return maybe_full(f"{user}@{domain}", 0.12)


def plate():
    prov = rng.choice("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼")
    letter = rng.choice("ABCDEFGHJKLMN")
    alnum = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    if rng.random() < 0.2:
        body = rng.choice("DF") + digits(5)
    else:
        body = "".join(rng.choice(alnum) for _ in range(2)) + digits(3)
        body = "".join(rng.sample(body, len(body)))
    sep = rng.choice(["", "", "·", " "])
    return prov + letter + sep + body


def wechat():
    first = rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHJKLMN")
    rest = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789_") for _ in range(rng.randint(5, 12)))
    return first + rest


def qq():
    return digits(rng.randint(6, 10), "123456789")


SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶"
                "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝"
                "龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢") + ["欧阳", "司马", "上官", "诸葛"]
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞刚桂英华玉萍红鹏辉玲建飞波宁燕斌浩凯晨宇婷欣怡佳"
             "琳雪慧鑫博翔琪颖峰帆瑶悦楠梓轩睿哲")


def person():
    surname = rng.choice(SURNAMES[:40] * 3 + SURNAMES)
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))


def surname():
    return rng.choice(SURNAMES[:60])


# ---------------------------------------------------------------- places

with open(f"{DATA}/divisions/provinces.json") as f:
    PROVINCES = {p["code"]: p["name"] for p in json.load(f)}
with open(f"{DATA}/divisions/cities.json") as f:
    CITIES = {c["code"]: c["name"] for c in json.load(f)}
with open(f"{DATA}/divisions/areas.json") as f:
    AREAS = [a for a in json.load(f) if a["name"][-1] in "区县市旗"
             and a["name"] != CITIES.get(a["cityCode"])]

ROADS = ["科技", "建设", "人民", "解放", "中山", "新华", "文化", "长江", "黄河", "滨河", "青年", "迎宾",
         "幸福", "光明", "东风", "胜利", "金桥", "华山", "南京", "北京", "香山", "翠竹", "枫林", "学府"]
ESTATES = ["阳光花园", "翠苑", "锦绣家园", "碧桂园", "万科城", "金地花园", "华润中心", "时代广场",
           "东方大厦", "绿城公寓", "阳光新村", "龙湖春江郦城", "保利花园", "海岸城"]
VILLAGES = ["李家", "王庄", "河东", "石桥", "新塘", "东湖", "柳林", "马坊"]


def divisions():
    area = rng.choice(AREAS)
    province = PROVINCES[area["provinceCode"]]
    city = CITIES[area["cityCode"]]
    if city in ("市辖区", "县") or "直辖" in city:
        city = ""
        shown = province + area["name"]
    else:
        shown = rng.choice([province + city, city, city]) + area["name"]
    return shown


def street():
    n = lambda hi: str(rng.randint(1, hi))
    form = rng.choice(["road", "road-estate", "estate-unit", "estate-unit", "village", "building"])
    road = rng.choice(ROADS) + rng.choice(["路", "路", "街", "大道"])
    if form == "road":
        return road + n(999) + "号"
    if form == "road-estate":
        return road + n(300) + "号" + rng.choice(ESTATES) + n(30) + "栋" + n(3000) + "室"
    if form == "estate-unit":
        return rng.choice(ESTATES) + n(20) + "栋" + n(6) + "单元" + n(30) + "0" + n(9) + "室"
    if form == "village":
        return rng.choice(["城关", "新城", "白沙", "龙岗", "长安"]) + "镇" + rng.choice(VILLAGES) + "村" + n(12) + "组"
    return rng.choice(ESTATES) + n(12) + "号楼" + n(4) + "单元" + n(25) + "0" + n(6)


# ---------------------------------------------------------------- sentences

def out(text, spans, known=()):
    for kind, shown in spans:
        assert shown in text, (shown, text)
    return {"text": text, "known": list(known), "spans": [{"kind": k, "text": t} for k, t in spans]}


def mobile_sentence():
    m = mobile()
    clause = rng.choice(["我的手机号是{}", "联系电话：{}", "有问题请打我电话{}", "请尽快回电{}",
                         "手机 {}", "{}是我本人号码", "打{}可以找到我", "我留的号码{}一直没人联系"])
    return out(plant(clause.format(m)), [("mobile", m)])


def landline_sentence():
    if rng.random() < 0.15:
        sub = digits(8, "2345678")
        return out(plant(f"家里座机{sub}白天有人"), [("landline", sub)])
    n = landline()
    clause = rng.choice(["我家座机{}", "办公电话：{}", "请拨打{}联系我", "固话 {}", "单位电话{}，工作日都在"])
    return out(plant(clause.format(n)), [("landline", n)])


def id_sentence():
    n = resident_id()
    clause = rng.choice(["身份证号{}", "我的身份证：{}", "证件号码 {}", "本人身份证{}已上传",
                         "开户用的是{}这个证件", "身份证号码是{}"])
    return out(plant(clause.format(n)), [("resident_id", n)])


def card_sentence():
    n = bank_card()
    clause = rng.choice(["退款请打到我的银行卡{}", "卡号：{}", "工商银行 {}", "请把钱退到{}",
                         "扣款的信用卡是{}", "我的储蓄卡{}被重复扣款"])
    return out(plant(clause.format(n)), [("bank_card", n)])


def email_sentence():
    e = email()
    clause = rng.choice(["我的邮箱：{}", "请把发票发到{}", "邮件回复到{}", "电子邮箱 {} 一直没收到回复",
                         "联系邮箱{}"])
    return out(plant(clause.format(e)), [("email", e)])


def plate_sentence():
    p = plate()
    clause = rng.choice(["车牌号{}", "我的车{}在店里保养", "送货车辆{}撞了我家门", "车牌：{}，到现在没修好",
                         "停车场把{}的车划了"])
    return out(plant(clause.format(p)), [("licence_plate", p)])


def wechat_sentence():
    if rng.random() < 0.2:
        n = digits(11, "1")
        n = "1" + rng.choice("3589") + n[2:]
        return out(plant(f"微信号：{n}"), [("wechat", n)])
    w = wechat()
    clause = rng.choice(["微信：{}", "加我微信{}", "vx：{}", "微信号 {}", "我的微信号是{}，随时联系",
                         "VX {}"])
    return out(plant(clause.format(w)), [("wechat", w)])


def qq_sentence():
    q = qq()
    clause = rng.choice(["QQ：{}", "qq号{}", "扣扣{}", "QQ号码：{}", "我的QQ是{}", "Q Q {}"])
    if clause == "Q Q {}":
        clause = "QQ {}"
    shown = maybe_full(q, 0.1)
    return out(plant(clause.format(shown)), [("qq", shown)])


def address_sentence():
    tail = street()
    form = rng.choice(["full", "full", "full", "cue-no-division", "cue-division"])
    if form == "full":
        where = divisions()
        clause = rng.choice(["我住在{}{}", "收货地址：{}{}", "寄到{}{}", "家住{}{}，楼下就是快递柜",
                             "送到{}{}结果三天都没到"])
        return out(plant(clause.format(where, tail)), [("address", tail)])
    if form == "cue-no-division":
        clause = rng.choice(["地址：{}", "寄到{}", "送到{}", "我家住址是{}"])
        return out(plant(clause.format(tail)), [("address", tail)])
    where = divisions()
    return out(plant(f"地址是{where}{tail}"), [("address", tail)])


def name_sentence():
    form = rng.choice(["own", "own", "other-known", "title", "title", "title-full", "intro", "intro"])
    name = person()
    if form == "own":
        clause = rng.choice(["本人{}，要求退款", "我是{}，订单一直没有发货", "{}郑重投诉这家店",
                             "投诉人{}已提交凭证", "这是{}第三次投诉了"])
        return out(plant(clause.format(name)), [("name", name)], known=[name])
    if form == "other-known":
        clause = rng.choice(["东西让{}代收的", "我让{}帮忙去店里问", "货被{}签收了但我没收到"])
        return out(plant(clause.format(name)), [("name", name)], known=[person(), name])
    if form == "title":
        s = surname()
        title = rng.choice(["先生", "女士", "小姐", "经理", "师傅", "老师", "主管", "店长"])
        clause = rng.choice(["联系了{}{}，说会处理", "门店的{}{}答应退款", "找到{}{}也没用",
                             "{}{}态度很差"])
        return out(plant(clause.format(s, title)), [("name", s)])
    if form == "title-full":
        title = rng.choice(["经理", "先生", "女士", "主管"])
        clause = rng.choice(["当时是{}{}接待的", "售后{}{}一直推脱", "我联系了{}{}"])
        return out(plant(clause.format(name, title)), [("name", name)])
    cue = rng.choice(["客服{}说", "我叫{}，", "联系人：{}，", "收货人{}，", "快递员{}一直不接电话",
                      "骑手{}态度恶劣", "姓名：{}，"])
    return out(plant(cue.format(name)), [("name", name)])


LOOK_ALIKES = [
    lambda: f"订单号{digits(19, '123456789')}至今没有发货",
    lambda: f"订单编号：{digits(16, '2')}，商家一直不回复",
    lambda: f"运单号 {digits(15, '7')} 显示已签收",
    lambda: f"快递单号SF{digits(13, '1')}查不到",
    lambda: f"交易流水号{digits(18, '4')}",
    lambda: f"花了¥{rng.randint(100, 999999)}买的",
    lambda: f"价格{rng.randint(10, 9999)}.{rng.randint(10, 99)}元",
    lambda: f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}下的单",
    lambda: f"{rng.randint(2019, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日买的",
    lambda: f"型号XQG{rng.randint(60, 120)}-BD{digits(5)}的洗衣机",
    lambda: f"SN码 C02{digits(6)}ABJ",
    lambda: f"IMEI {digits(15, '3')}",
    lambda: "在李宁旗舰店买的鞋",
    lambda: "周大福的金项链掉色",
    lambda: "王老吉凉茶喝出异物",
    lambda: "老干妈辣酱瓶盖漏了",
    lambda: "张小泉剪刀用一次就坏",
    lambda: "周黑鸭的鸭脖不新鲜",
    lambda: "蒙牛牛奶过期了",
    lambda: "客服热线400-820-8820打不通",
    lambda: "打了12315和10086都没用",
    lambda: f"会员积分{rng.randint(1000, 99999)}分被清零",
    lambda: f"一共{rng.randint(2, 9)}件，重{rng.randint(1, 20)}公斤",
    lambda: "我先生买的手机",
    lambda: "一位女士在门口等了很久",
    lambda: "附近超市3号柜台的东西",
    lambda: "城市里到处都是这种店",
    lambda: f"第{rng.randint(2, 9)}次投诉了",
    lambda: f"房间{rng.randint(1000, 9999)}的空调坏了",
    lambda: f"{rng.randint(10, 23)}:{rng.randint(10, 59)}下单，{rng.randint(10, 23)}:{rng.randint(10, 59)}才送到",
]


ROLES = ["店长", "经理", "老板", "客服", "快递员", "骑手", "司机", "店员", "销售", "主管"]
SPEECHES = [("说", "会尽快处理"), ("告诉我", "没有库存了"), ("表示", "可以换货"),
            ("称", "不是他们的问题"), ("答应", "三天内退款")]


def role_name_sentence():
    """A name right after the role of the person the consumer dealt with."""
    name = person()
    clause = rng.choice(["{}{}说可以退款", "{}{}告诉我三天内处理", "{}{}把包裹放在门口就走了",
                         "{}{}表示不能退", "联系了{}{}，一直推脱", "{}{}答应赔偿"])
    return out(plant(clause.format(rng.choice(ROLES), name)), [("name", name)])


def speaker_sentence():
    """A full name right before a verb of saying or promising."""
    name = person()
    opener = rng.choice(["", "", "后来", "当时", "结果", "门店的", "我问了一下，"])
    verb, said = rng.choice(SPEECHES)
    clause = opener + name + verb + said
    return out(plant(clause), [("name", name)])


def named_number_sentence():
    """An ID or card number right after the words that name it, with a
    mistyped check digit."""
    if rng.random() < 0.5:
        body = rng.choice(PROVINCE_CODES) + digits(4) + birth_date() + digits(3)
        wrong = rng.choice([c for c in "0123456789X" if c != id_check(body)])
        n = body + wrong
        clause = rng.choice(["身份证号{}", "身份证号码：{}", "证件号码 {}"])
        return out(plant(clause.format(n)), [("resident_id", n)])
    good = luhn_complete(rng.choice(["6222", "6217", "6228"]) + digits(14))
    n = good[:-1] + str((int(good[-1]) + rng.randint(1, 9)) % 10)
    clause = rng.choice(["卡号{}", "银行卡号：{}", "退款账号 {}", "我的账号是{}"])
    return out(plant(clause.format(n)), [("bank_card", n)])


SPEECH_LOOK_ALIKES = [
    "公司声称没有问题", "对方表示不能退", "商家说明天发货", "顾客说味道一般", "说明书上说能用三年",
    "客服说再等等", "对方总说听不清", "平台答应三天内回复", "快递说已经签收", "老板说不退",
    "双方都应履行承诺", "店家称是正品", "经理说要请示", "司机告诉我路上堵车",
]


def speech_look_alike_sentence():
    return out(plant(rng.choice(SPEECH_LOOK_ALIKES)), [])


def look_alike_sentence():
    return out(plant(rng.choice(LOOK_ALIKES)()), [])


KINDS = [
    (mobile_sentence, 45), (landline_sentence, 30), (id_sentence, 35), (card_sentence, 30),
    (email_sentence, 30), (plate_sentence, 25), (wechat_sentence, 25), (qq_sentence, 25),
    (address_sentence, 50), (name_sentence, 70), (look_alike_sentence, 70),
]


ADDED_KINDS = [
    (role_name_sentence, 30), (speaker_sentence, 25), (named_number_sentence, 20),
    (speech_look_alike_sentence, 20),
]


def combined_sentence():
    """Two or three kinds in one complaint."""
    parts = [rng.choice([mobile_sentence, id_sentence, card_sentence, email_sentence,
                         address_sentence, name_sentence, look_alike_sentence])() for _ in range(rng.choice([2, 3]))]
    text = "".join(p["text"] for p in parts)
    known = [k for p in parts for k in p["known"]]
    spans = [(s["kind"], s["text"]) for p in parts for s in p["spans"]]
    return out(text, spans, known)


def main():
    lines = []
    for make, count in KINDS:
        lines += [make() for _ in range(count)]
    lines += [combined_sentence() for _ in range(30)]
    lines += [out(wording(), []) for _ in range(25)]
    # Added after the first 490 lines, so that those stay as they were.
    for make, count in ADDED_KINDS:
        lines += [make() for _ in range(count)]
    for line in lines:
        print(json.dumps(line, ensure_ascii=False))


main()
