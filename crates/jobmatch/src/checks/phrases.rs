//! Phrase rules: discriminatory requirements, fees, training loans, promises,
//! age limits and missing elements.

mod presence;

use presence::{PHRASE_INDEX, PhraseSet, Present};

use super::{Flag, FlagKind, Severity};
use crate::model::Posting;
use crate::normalise::text::fold;

/// The lawful exceptions to a restriction to men: phrases naming work that the
/// annex of the *Special Provisions on Labour Protection of Female Employees*
/// (State Council Decree No. 619, 2012), item 1, forbids to female employees —
/// underground work in mines, class IV physical labour intensity, and regular
/// heavy lifting (more than 20 kg more than six times an hour, more than 25 kg
/// at intervals). Matched against the folded text (lower case, half-width).
pub const LAWFUL_EXCEPTIONS: &[(&str, &str)] = &[
    (
        "井下",
        "underground work in mines (Decree 619, annex item 1(1))",
    ),
    (
        "矿山井下",
        "underground work in mines (Decree 619, annex item 1(1))",
    ),
    (
        "矿井",
        "underground work in mines (Decree 619, annex item 1(1))",
    ),
    (
        "underground min",
        "underground work in mines (Decree 619, annex item 1(1))",
    ),
    (
        "underground coal",
        "underground work in mines (Decree 619, annex item 1(1))",
    ),
    (
        "第四级体力劳动",
        "class IV physical labour intensity (Decree 619, annex item 1(2))",
    ),
    (
        "四级体力劳动",
        "class IV physical labour intensity (Decree 619, annex item 1(2))",
    ),
    (
        "ⅳ级体力劳动",
        "class IV physical labour intensity (Decree 619, annex item 1(2))",
    ),
    (
        "class iv physical",
        "class IV physical labour intensity (Decree 619, annex item 1(2))",
    ),
    (
        "class iv labour",
        "class IV physical labour intensity (Decree 619, annex item 1(2))",
    ),
    (
        "class iv labor",
        "class IV physical labour intensity (Decree 619, annex item 1(2))",
    ),
    (
        "负重25公斤以上",
        "heavy lifting over 25 kg (Decree 619, annex item 1(3))",
    ),
    (
        "负重超过25公斤",
        "heavy lifting over 25 kg (Decree 619, annex item 1(3))",
    ),
    (
        "单件超过25公斤",
        "heavy lifting over 25 kg (Decree 619, annex item 1(3))",
    ),
    (
        "每次负重超过20公斤",
        "heavy lifting over 20 kg (Decree 619, annex item 1(3))",
    ),
    (
        "lifting over 25 kg",
        "heavy lifting over 25 kg (Decree 619, annex item 1(3))",
    ),
    (
        "loads over 25 kg",
        "heavy lifting over 25 kg (Decree 619, annex item 1(3))",
    ),
    (
        "loads of over 25 kg",
        "heavy lifting over 25 kg (Decree 619, annex item 1(3))",
    ),
];

/// Phrases that look like a flag but are not (masked before scanning).
const NEAR_MISSES: &[&str] = &[
    // gender
    "男女不限",
    "不限男女",
    "性别不限",
    "不限性别",
    "男女均可",
    "男女皆可",
    "男女兼招",
    "男女老少",
    "性别:不限",
    "female workers welcome",
    "women welcome",
    "women are welcome",
    "men and women",
    "women and men",
    "all genders",
    "any gender",
    "regardless of gender",
    "gender: any",
    "gender: not required",
    "equal opportunit",
    "男女平等",
    "男女同工同酬",
    // marital
    "婚育不限",
    "婚否不限",
    "不限婚否",
    "婚姻状况不限",
    "单身公寓",
    "单身宿舍",
    "婚假",
    "产假",
    "regardless of marital",
    "marital status: any",
    "single room",
    "single shift",
    // ethnicity
    "民族不限",
    "不限民族",
    "regardless of ethnicity",
    "any ethnicity",
    // hukou
    "不限户口",
    "户口不限",
    "不限户籍",
    "户籍不限",
    "不限籍贯",
    "籍贯不限",
    "不限地域",
    "地域不限",
    "本地人才",
    "外地员工提供住宿",
    "外地员工可",
    "外地人员可",
    "外地可",
    "可落户",
    "解决户口",
    "办理户口",
    "协助落户",
    "regardless of hukou",
    "no hukou requirement",
    "hukou not required",
    "non-local applicants welcome",
    "migrant workers welcome",
    "闲人勿扰",
    "中介人勿扰",
    // fees
    "无需押金",
    "无押金",
    "不收押金",
    "不收取押金",
    "免押金",
    "零押金",
    "不交押金",
    "无需缴纳押金",
    "不收取任何费用",
    "不收任何费用",
    "无任何费用",
    "不收取费用",
    "不收费",
    "免费培训",
    "带薪培训",
    "免费技能培训",
    "免费岗前培训",
    "不收培训费",
    "免培训费",
    "培训费全免",
    "培训免费",
    "免收",
    "no deposit",
    "no fees",
    "no fee",
    "free of charge",
    "free training",
    "paid training",
    "never charge",
    "never ask you to pay",
    "does not charge",
    "do not charge",
    "without any fee",
    "收取费用的均为诈骗",
    "收费的都是骗子",
    "谨防",
    "警惕",
    // health
    "不歧视乙肝",
    "乙肝携带者可",
    "接受乙肝",
    "乙肝不影响",
    "不查乙肝",
    "不检测乙肝",
    "hepatitis b carriers welcome",
    "no hepatitis b test",
    // age
    "年龄不限",
    "不限年龄",
    "no age limit",
    "regardless of age",
    "all ages",
];

/// A rule: a kind, a severity and its phrases.
struct Rule {
    kind: FlagKind,
    severity: Severity,
    what: &'static str,
    phrases: &'static [&'static str],
    /// Words just before a match (same clause) that cancel it.
    before: &'static [&'static str],
    /// Words just after a match (same clause) that cancel it.
    after: &'static [&'static str],
}

const NONE: &[&str] = &[];
/// Multi-character negations, anywhere in the clause before a fee or loan.
const NOT_CHARGED: &[&str] = &[
    "无需",
    "不需",
    "不用",
    "不收",
    "不交",
    "不要",
    "不会收",
    "不会",
    "没有",
    "拒绝",
    "杜绝",
    "严禁",
    "禁止",
    "报销",
    "补贴",
    "资助",
    "承担",
    "no ",
    "not ",
    "never ",
    "without ",
    "free ",
    "zero ",
    "don't ",
    "won't ",
    "doesn't ",
    "we cover ",
    "reimburse",
    "beware",
    "careful of",
    "cover your",
    "covers your",
    "pays your",
    "pay your",
    "pays for",
    "we pay",
];
/// The employer pays, or the text warns against the practice.
const EMPLOYER_PAYS: &[&str] = &[
    "公司承担",
    "公司报销",
    "单位承担",
    "由公司",
    "公司负责",
    "公司出",
    "报销",
    "全免",
    "诈骗",
    "骗子",
    "paid by",
    "covered by",
    "reimbursed",
    "waived",
    "scam",
    "is on us",
    "are on us",
];
const HUKOU_BEFORE: &[&str] = &[
    "不要求",
    "不限",
    "无",
    "解决",
    "办理",
    "协助",
    "帮助",
    "提供",
    "可落",
    "not ",
    "no ",
    "regardless",
    "help ",
    "assist",
];
const HUKOU_AFTER: &[&str] = &[
    "不限",
    "均可",
    "not required",
    "welcome",
    "not needed",
    "不作要求",
];
const HEALTH_BEFORE: &[&str] = &[
    "不歧视",
    "欢迎",
    "接受",
    "不查",
    "不检测",
    "不检查",
    "not test",
    "no test",
    "welcome",
];
const HEALTH_AFTER: &[&str] = &[
    "携带者可",
    "不影响",
    "欢迎",
    "均可",
    "可以",
    "welcome",
    "not tested",
    "not a barrier",
];

const MALE_ONLY: &[&str] = &[
    "限男",
    "仅限男",
    "只限男",
    "只招男",
    "仅招男",
    "男性优先",
    "男士优先",
    "男生优先",
    "男优先",
    "优先考虑男",
    "要求男性",
    "要求男士",
    "要求男生",
    "需男性",
    "女士勿扰",
    "女性勿扰",
    "女生勿扰",
    "谢绝女",
    "不招女",
    "不收女",
    "不要女",
    "女的不要",
    "性别:男",
    "性别要求:男",
    "性别男",
    "适合男性",
    "招男工",
    "male only",
    "males only",
    "men only",
    "male preferred",
    "male candidates",
    "male applicants",
    "preferably male",
    "must be male",
    "no women",
    "no female",
    "gender: male",
    "gender requirement: male",
    "men preferred",
    "only male",
    "only men",
    "suitable for men",
    "strong young men",
    "young men",
    "男性",
];

const FEMALE_ONLY: &[&str] = &[
    "限女",
    "仅限女",
    "只限女",
    "只招女",
    "仅招女",
    "女性优先",
    "女士优先",
    "女生优先",
    "女优先",
    "优先考虑女",
    "要求女性",
    "要求女士",
    "要求女生",
    "男士勿扰",
    "男性勿扰",
    "男生勿扰",
    "谢绝男",
    "不招男",
    "不要男",
    "性别:女",
    "性别要求:女",
    "性别女",
    "适合女性",
    "招女工",
    "female only",
    "females only",
    "women only",
    "female preferred",
    "female candidates",
    "female applicants",
    "preferably female",
    "must be female",
    "no men",
    "no male",
    "gender: female",
    "gender requirement: female",
    "women preferred",
    "only female",
    "only women",
    "ladies only",
    "girls only",
    "young women",
    "young ladies",
    "女性",
];

const RULES: &[Rule] = &[
    Rule {
        kind: FlagKind::Marital,
        severity: Severity::Block,
        what: "marital or childbearing requirement",
        phrases: &[
            "已婚已育",
            "已婚未育",
            "已婚",
            "未婚",
            "已育",
            "未育",
            "已生育",
            "无生育计划",
            "暂无生育",
            "近期无生育",
            "不生育",
            "怀孕者勿扰",
            "孕妇勿扰",
            "孕期勿扰",
            "婚育",
            "单身",
            "离异",
            "婚姻状况",
            "must be married",
            "married only",
            "married with children",
            "unmarried",
            "single only",
            "must be single",
            "not pregnant",
            "no pregnancy",
            "who are pregnant",
            "pregnant applicants",
            "pregnant women need not",
            "no plans to have children",
            "no plan to have children",
            "childless",
            "marital status",
        ],
        before: NONE,
        after: NONE,
    },
    Rule {
        kind: FlagKind::Ethnicity,
        severity: Severity::Block,
        what: "ethnicity requirement",
        phrases: &[
            "限汉族",
            "仅限汉族",
            "只招汉族",
            "汉族优先",
            "要求汉族",
            "民族:汉",
            "汉族",
            "少数民族勿扰",
            "不招少数民族",
            "谢绝少数民族",
            "不要少数民族",
            "维族勿扰",
            "藏族勿扰",
            "回族勿扰",
            "han only",
            "han chinese only",
            "han ethnicity",
            "ethnic han",
            "han nationality",
            "no ethnic minorities",
            "no ethnic minority",
            "no minorities",
        ],
        before: NONE,
        after: NONE,
    },
    Rule {
        kind: FlagKind::Hukou,
        severity: Severity::Block,
        what: "hukou or place-of-origin requirement",
        phrases: &[
            "本地户口",
            "本市户口",
            "本地户籍",
            "本市户籍",
            "本省户口",
            "本省户籍",
            "吉林户口",
            "长春户口",
            "城镇户口",
            "农村户口",
            "非农户口",
            "限本地",
            "本地人",
            "外地人勿扰",
            "不招外地",
            "外地勿扰",
            "非本地勿扰",
            "户籍要求",
            "户口要求",
            "籍贯要求",
            "外省人勿扰",
            "外地人不要",
            "外地人免谈",
            "河南人勿扰",
            "东北人勿扰",
            "新疆人勿扰",
            "农村户口勿扰",
            "local hukou",
            "local household registration",
            "local residents only",
            "locals only",
            "local candidates only",
            "must be a local",
            "no migrants",
            "no migrant workers",
            "no out-of-town",
            "hukou required",
            "native of",
            "must hold a local",
        ],
        before: HUKOU_BEFORE,
        after: HUKOU_AFTER,
    },
    Rule {
        kind: FlagKind::Health,
        severity: Severity::Block,
        what: "health requirement forbidden in hiring (hepatitis B / HIV status)",
        phrases: &[
            "乙肝",
            "乙型肝炎",
            "hbv",
            "大三阳",
            "小三阳",
            "两对半",
            "艾滋",
            "hiv",
            "hepatitis b",
            "hep b",
            "hepatitis-b",
        ],
        before: HEALTH_BEFORE,
        after: HEALTH_AFTER,
    },
    Rule {
        kind: FlagKind::Fee,
        severity: Severity::Block,
        what: "fee or deposit charged to applicants",
        phrases: &[
            "押金",
            "保证金",
            "培训费",
            "服装费",
            "工装费",
            "工服费",
            "体检费",
            "报名费",
            "介绍费",
            "中介费",
            "资料费",
            "建档费",
            "办卡费",
            "上岗费",
            "入职费",
            "押身份证",
            "扣押证件",
            "deposit required",
            "security deposit",
            "refundable deposit",
            "pay a deposit",
            "deposit of",
            "registration fee",
            "training fee",
            "uniform fee",
            "application fee",
            "medical examination fee",
            "medical check fee",
            "medical fee",
            "processing fee",
            "placement fee",
            "agency fee",
            "pay for your uniform",
            "pay for the uniform",
            "upfront fee",
            "upfront payment",
            "pay upfront",
            "admin fee",
            "administration fee",
        ],
        before: NOT_CHARGED,
        after: EMPLOYER_PAYS,
    },
    Rule {
        kind: FlagKind::TrainingLoan,
        severity: Severity::Block,
        what: "training loan or recruitment turned into paid training",
        phrases: &[
            "培训贷",
            "招转培",
            "招聘转培训",
            "贷款培训",
            "培训贷款",
            "分期付学费",
            "学费分期",
            "培训分期",
            "交学费",
            "缴纳学费",
            "支付学费",
            "学费可",
            "学费1",
            "学费2",
            "学费3",
            "学费4",
            "学费5",
            "学费6",
            "学费7",
            "学费8",
            "学费9",
            "学费:",
            "先交学费",
            "培训合格后推荐",
            "培训后推荐",
            "training loan",
            "loan for training",
            "loan to cover",
            "finance your training",
            "training in installments",
            "training in instalments",
            "tuition loan",
            "tuition fee",
            "pay tuition",
            "installment plan",
        ],
        before: NOT_CHARGED,
        after: EMPLOYER_PAYS,
    },
    Rule {
        kind: FlagKind::UnrealisticPromise,
        severity: Severity::Block,
        what: "guarantee or windfall promise",
        phrases: &[
            "保录",
            "包录",
            "保证录用",
            "百分百录用",
            "100%录用",
            "100%录取",
            "包过",
            "包分配",
            "包就业",
            "日结过万",
            "日入过万",
            "日赚千元",
            "日入过千",
            "日赚过千",
            "日结千元",
            "日入千元",
            "躺赚",
            "轻松月入",
            "轻松赚",
            "月入过万不是梦",
            "无需经验月入过万",
            "在家月入",
            "动动手指",
            "年入百万",
            "月入十万",
            "guaranteed job",
            "guaranteed employment",
            "guaranteed hiring",
            "guaranteed placement",
            "guaranteed to be hired",
            "100% placement",
            "100% hired",
            "get rich",
            "easy money",
            "earn thousands",
            "a day from home",
            "make money fast",
            "quick money",
            "10,000 a day",
            "10k a day",
            "no experience needed, earn",
        ],
        before: NONE,
        after: NONE,
    },
    Rule {
        kind: FlagKind::UnrealisticPromise,
        severity: Severity::Warning,
        what: "pay promise without substance",
        phrases: &[
            "高薪",
            "高收入",
            "月入过万",
            "月入上万",
            "收入过万",
            "月薪过万",
            "high salary",
            "high pay",
            "top pay",
            "big money",
        ],
        before: NONE,
        after: NONE,
    },
];

/// The folded text of a posting: title, description, skills.
pub(super) fn posting_text(p: &Posting) -> String {
    let mut text = String::with_capacity(p.title.len() + 64);
    text.push_str(&p.title);
    if let Some(d) = &p.description {
        text.push_str(" \n ");
        text.push_str(d);
    }
    for s in &p.skills {
        text.push_str(" ; ");
        text.push_str(&s.name);
    }
    fold(&text)
}

const MASK: char = '\u{25A1}';

/// `text` with every near miss blanked out, in list order (`present` says
/// which occur in `text`; masking only removes occurrences, so the others
/// need no search).
fn masked(text: &str, present: &Present) -> String {
    let mut out = text.to_string();
    for (near, &id) in NEAR_MISSES.iter().zip(&PHRASE_INDEX.near_miss_ids) {
        if present.has(id) && out.contains(near) {
            let blank: String = std::iter::repeat_n(MASK, near.chars().count()).collect();
            out = out.replace(near, &blank);
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Byte offsets where `pat` occurs; for phrases starting or ending with an
/// ASCII letter, only at word boundaries.
fn find_all(text: &str, pat: &str) -> Vec<usize> {
    let starts_alpha = pat.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    let ends_alpha = pat.chars().last().is_some_and(|c| c.is_ascii_alphabetic());
    text.match_indices(pat)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before_ok = !starts_alpha
                || text[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !is_word_char(c));
            let after_ok = !ends_alpha
                || text[i + pat.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !is_word_char(c));
            before_ok && after_ok
        })
        .collect()
}

fn window_before(text: &str, at: usize, chars: usize) -> &str {
    let mut start = at;
    for (n, (i, _)) in text[..at].char_indices().rev().enumerate() {
        if n >= chars {
            break;
        }
        start = i;
    }
    &text[start..at]
}

fn window_after(text: &str, at: usize, chars: usize) -> &str {
    let rest = &text[at..];
    let end = rest
        .char_indices()
        .nth(chars)
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

fn negated(text: &str, at: usize, len: usize, rule: &Rule) -> bool {
    if rule.before.is_empty() && rule.after.is_empty() {
        return false;
    }
    let adjacent = window_before(text, at, 2);
    if rule.kind != FlagKind::Health
        && ["无", "免", "零", "不"]
            .iter()
            .any(|w| adjacent.contains(w))
        && !adjacent.contains("不满")
    {
        return true;
    }
    let before = window_before(text, at, 10);
    // A negation counts only in the same clause.
    let clause_start = before
        .char_indices()
        .rfind(|(_, c)| [',', '。', ';', '.', '!', '?', '\n', '、'].contains(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let before = &before[clause_start..];
    let after = window_after(text, at + len, 12);
    let after = after
        .find([',', '。', ';', '!', '?', '\n'])
        .map_or(after, |i| &after[..i]);
    rule.before.iter().any(|n| before.contains(n)) || rule.after.iter().any(|n| after.contains(n))
}

fn push_flag(flags: &mut Vec<Flag>, kind: FlagKind, severity: Severity, what: &str, phrase: &str) {
    if flags
        .iter()
        .any(|f| f.kind == kind && f.severity == severity && f.phrase == phrase)
    {
        return;
    }
    flags.push(Flag::new(
        kind,
        severity,
        format!("{what}: \u{300C}{phrase}\u{300D}"),
        phrase,
    ));
}

/// Scans the folded text of a posting for phrase flags.
pub(super) fn scan(text: &str, flags: &mut Vec<Flag>, exceptions: &mut Vec<String>) {
    scan_with(text, flags, exceptions, PhraseSet::present);
}

/// [`scan`], with `present` telling which phrases of a set occur in a text.
fn scan_with(
    text: &str,
    flags: &mut Vec<Flag>,
    exceptions: &mut Vec<String>,
    present: impl Fn(&PhraseSet, &str) -> Present,
) {
    let index = &*PHRASE_INDEX;
    let text = masked(text, &present(&index.near_misses, text));
    let found = present(&index.flagged, &text);
    gender(&text, &found, flags, exceptions);
    for (rule, ids) in RULES.iter().zip(&index.rules) {
        for (phrase, &id) in rule.phrases.iter().zip(ids) {
            if !found.has(id) {
                continue;
            }
            for at in find_all(&text, phrase) {
                if negated(&text, at, phrase.len(), rule) {
                    continue;
                }
                push_flag(flags, rule.kind, rule.severity, rule.what, phrase);
                break;
            }
        }
    }
    ages(&text, flags);
}

fn gender(text: &str, found: &Present, flags: &mut Vec<Flag>, exceptions: &mut Vec<String>) {
    let index = &*PHRASE_INDEX;
    let exception = LAWFUL_EXCEPTIONS
        .iter()
        .zip(&index.exceptions)
        .find(|(_, id)| found.has(**id))
        .map(|(exception, _)| exception);
    let mut excused = false;
    for (list, ids, to_men) in [
        (MALE_ONLY, &index.male_only, true),
        (FEMALE_ONLY, &index.female_only, false),
    ] {
        for (phrase, &id) in list.iter().zip(ids) {
            if !found.has(id) {
                continue;
            }
            // Bare 男性 / 女性 only count in a requirement: 要求, 限, 只招, 优先.
            let hits: Vec<usize> = find_all(text, phrase)
                .into_iter()
                .filter(|&at| {
                    if *phrase != "男性" && *phrase != "女性" {
                        return true;
                    }
                    let before = window_before(text, at, 3);
                    let after = window_after(text, at + phrase.len(), 3);
                    ["要求", "限", "只", "仅", "需", "招"]
                        .iter()
                        .any(|w| before.contains(w))
                        || ["优先", "为主", "勿扰", "即可"]
                            .iter()
                            .any(|w| after.contains(w))
                })
                .collect();
            if hits.is_empty() {
                continue;
            }
            if to_men && exception.is_some() {
                excused = true;
                continue;
            }
            push_flag(
                flags,
                FlagKind::Gender,
                Severity::Block,
                "gender limit or preference",
                phrase,
            );
        }
    }
    if excused && let Some((p, why)) = exception {
        exceptions.push(format!(
            "restriction to men allowed for work forbidden to women: {why}; matched \u{300C}{p}\u{300D}"
        ));
    }
}

/// Parses a run of ASCII digits at the start of `s`: the number and its length.
fn leading_number(s: &str) -> Option<(u32, usize)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 3 {
        return None;
    }
    Some((s[..len].parse().ok()?, len))
}

const UPPER_AFTER: &[&str] = &[
    "岁以下",
    "周岁以下",
    "岁以内",
    "周岁以内",
    "岁及以下",
    "周岁及以下",
    "岁之内",
    "周岁之内",
    "岁或以下",
    " years or younger",
    " or younger",
    " and under",
    " and younger",
    " years and under",
    " years of age or younger",
    "岁以上勿扰",
    "周岁以上勿扰",
    "岁以上免谈",
    "岁以上不要",
    "岁以上者勿扰",
    "+ need not apply",
    " need not apply",
];
const UPPER_BEFORE: &[&str] = &[
    "不超过",
    "不超",
    "不大于",
    "不高于",
    "低于",
    "小于",
    "under ",
    "below ",
    "not older than ",
    "no older than ",
    "younger than ",
    "maximum age ",
    "max age ",
    "age limit ",
    "max. age ",
    "over ",
];
const RANGE_SEPARATORS: &[&str] = &["-", "~", "至", "到", "—", "–", " - ", " to ", "〜"];
const AGE_CONTEXT: &[&str] = &["岁", "年龄", "age", "aged", "years old", "yrs"];
const NOT_AGE_UNITS: &[&str] = &[
    "kg", "公斤", "斤", "hour", "小时", "%", "min", "km", "公里", "yuan", "元", "rmb", "lbs",
    "pound", "people", "人", "employee", "staff", "day", "天", "month", "月", "year", "年", "k ",
    "cm", "米", "m ", "吨", "ton", "件", "单", "次", "分钟", "$", "¥",
];

fn ages(text: &str, flags: &mut Vec<Flag>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let Some((n, len)) = leading_number(&text[i..]) else {
            i += 1;
            continue;
        };
        let end = i + len;
        let after = window_after(text, end, 16);
        let before = window_before(text, i, 20);
        let context_before = AGE_CONTEXT.iter().any(|c| before.contains(c));
        // A range: 18-35岁, 年龄20至40, aged 18 to 35.
        for sep in RANGE_SEPARATORS {
            if let Some(rest) = after.strip_prefix(sep)
                && let Some((m, mlen)) = leading_number(rest)
            {
                let tail = window_after(rest, mlen, 6);
                let is_age = tail.starts_with('岁')
                    || tail.starts_with("周岁")
                    || tail.trim_start().starts_with("years old")
                    || tail.trim_start().starts_with("yrs")
                    || (context_before
                        && !NOT_AGE_UNITS
                            .iter()
                            .any(|u| tail.trim_start().starts_with(u)));
                if is_age && (14..60).contains(&m) && n <= m && n >= 14 {
                    let phrase = format!("{n}{sep}{m}");
                    push_flag(
                        flags,
                        FlagKind::Age,
                        Severity::Warning,
                        "upper age limit (policy warning)",
                        phrase.trim(),
                    );
                    return;
                }
            }
        }
        if (16..60).contains(&n) {
            if let Some(u) = UPPER_AFTER.iter().find(|u| after.starts_with(**u)) {
                let english = u.starts_with(' ') || u.starts_with('+');
                if !english
                    || context_before
                    || u.contains("years")
                    || u.contains("younger")
                    || u.contains("apply")
                {
                    let phrase = format!("{n}{u}");
                    push_flag(
                        flags,
                        FlagKind::Age,
                        Severity::Warning,
                        "upper age limit (policy warning)",
                        phrase.trim(),
                    );
                    return;
                }
            }
            if let Some(b) = UPPER_BEFORE.iter().find(|b| before.ends_with(**b)) {
                let tail = after.trim_start();
                let explicit = tail.starts_with('岁')
                    || tail.starts_with("周岁")
                    || tail.starts_with("years")
                    || tail.starts_with("yrs");
                let unit = NOT_AGE_UNITS.iter().any(|u| tail.starts_with(u));
                let english_bare = b.is_ascii()
                    && !unit
                    && tail
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_ascii_alphanumeric());
                let over = *b == "over ";
                let over_ok = !over
                    || tail.starts_with("need not apply")
                    || window_after(text, end, 30).contains("need not apply")
                    || window_after(text, end, 30).contains("勿扰");
                if over_ok
                    && (explicit
                        || (context_before && !unit)
                        || (english_bare && !over && (context_before || (18..=50).contains(&n))))
                {
                    let phrase = format!("{b}{n}");
                    push_flag(
                        flags,
                        FlagKind::Age,
                        Severity::Warning,
                        "upper age limit (policy warning)",
                        phrase.trim(),
                    );
                    return;
                }
            }
        }
        i = end;
    }
}

const PLACE_WORDS: &[&str] = &[
    "工作地点",
    "地址",
    "地点",
    "上班地点",
    "location",
    "address",
    "based in",
    "work site",
    "located in",
];
const PAY_WORDS: &[&str] = &[
    "薪",
    "工资",
    "报酬",
    "面议",
    "元",
    "salary",
    "wage",
    "pay ",
    "rmb",
    "cny",
    "¥",
    "$",
    "per hour",
    "/hour",
    "/day",
    "/month",
    "per month",
    "per day",
];

/// The basic elements a posting lacks, and a missing employer.
pub(super) fn missing(p: &Posting, text: &str, flags: &mut Vec<Flag>) {
    if p.employer.as_deref().is_none_or(|e| e.trim().is_empty()) {
        flags.push(Flag::new(
            FlagKind::MissingEmployer,
            Severity::Warning,
            "no employer named".into(),
            "",
        ));
    }
    let mut lacking = Vec::new();
    let description = p.description.as_deref().map(fold).unwrap_or_default();
    if description.chars().filter(|c| c.is_alphanumeric()).count() < 4 {
        lacking.push("duties");
    }
    let has_location = p
        .location
        .as_ref()
        .is_some_and(|l| l.code.is_some() || l.name.is_some() || l.coordinates().is_some());
    if !has_location && !p.remote && !PLACE_WORDS.iter().any(|w| text.contains(w)) {
        lacking.push("place");
    }
    let has_pay = p.salary.is_some_and(|s| s.min.is_some() || s.max.is_some());
    if !has_pay && !PAY_WORDS.iter().any(|w| text.contains(w)) {
        lacking.push("pay");
    }
    if p.expires_at.is_none() {
        lacking.push("validity");
    }
    if !lacking.is_empty() {
        flags.push(Flag::new(
            FlagKind::MissingElements,
            Severity::Warning,
            format!("missing basic elements: {}", lacking.join(", ")),
            "",
        ));
    }
}
