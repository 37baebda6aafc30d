//! Title cleaning, match keys and character bigrams.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::normalise::text::{fold, is_cjk};

/// Longest title (in characters) the classifier looks at; the rest is ignored.
pub const MAX_TITLE_CHARS: usize = 200;

/// Phrases employers add to titles that say nothing about the occupation
/// (recruiting noise, pay and benefits, hours). Removed before matching;
/// longer phrases first so that `高薪诚聘` goes before `高薪`.
const NOISE: &[&str] = &[
    "高薪诚聘",
    "高薪急聘",
    "高薪急招",
    "高薪直招",
    "诚聘",
    "急聘",
    "急招",
    "直招",
    "热招",
    "急需",
    "招聘",
    "直聘",
    "高薪",
    "包吃包住",
    "包吃住",
    "包食宿",
    "管吃住",
    "提供食宿",
    "包住宿",
    "包住",
    "包吃",
    "五险一金",
    "六险一金",
    "五险",
    "缴纳社保",
    "交社保",
    "入职即缴",
    "双休",
    "单休",
    "大小周",
    "长白班",
    "两班倒",
    "三班倒",
    "倒班",
    "白班",
    "夜班",
    "日结",
    "周结",
    "月结",
    "现结",
    "底薪",
    "高提成",
    "提成",
    "月入过万",
    "月薪过万",
    "年薪",
    "月薪",
    "过万",
    "上万",
    "年终奖",
    "男女不限",
    "不限男女",
    "经验不限",
    "无经验可",
    "无需经验",
    "零基础",
    "可培训",
    "带薪培训",
    "免费培训",
    "若干名",
    "若干",
    "多名",
    "长期",
    "短期",
    "全职",
    "兼职",
    "正式工",
    "小时工",
    "寒假工",
    "暑假工",
    "临时工",
    "待遇优厚",
    "待遇从优",
    "待遇好",
    "工资高",
    "稳定",
    "轻松",
    "不加班",
    "可实习",
    "应届生",
    "优先",
    "有经验者",
    "包车",
    "元/月",
    "元/天",
    "元/小时",
    "k/月",
    "以上",
    "左右",
    "urgently hiring",
    "urgent",
    "hiring",
    "now hiring",
    "immediate start",
    "full time",
    "full-time",
    "part time",
    "part-time",
    "(m/f/d)",
    "m/f/d",
    "(m/w/d)",
    "m/w/d",
    "remote",
    "senior",
    "junior",
    "sr.",
    "jr.",
    "trainee",
];

/// Titles that contain a noise phrase but name an occupation.
const PROTECTED: &[&str] = &[
    "招聘专员",
    "招聘主管",
    "招聘经理",
    "招聘助理",
    "招聘顾问",
    "招聘师",
];

/// Characters that separate alternatives in a title (`普工/操作工`).
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '/' | '|' | '、' | ',' | '，' | ';' | '；' | '&' | '·' | '丨' | '｜' | '\\'
    )
}

/// A cleaned title: the folded text with noise removed, and its alternatives
/// (parts between separators).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CleanTitle {
    /// The whole cleaned title (separators become spaces).
    pub text: String,
    /// Non-empty parts between separators (just `text` when there is none).
    pub parts: Vec<String>,
}

/// Removes recruiting noise, pay figures and brackets from a title.
///
/// ```
/// use jobmatch::classify::text::clean_title;
/// let t = clean_title("【急招】普工/操作工（包吃住）5000-8000元/月");
/// assert_eq!(t.parts, ["普工", "操作工"]);
/// assert_eq!(clean_title("Senior Java Developer (m/f/d)").text, "java developer");
/// ```
pub fn clean_title(title: &str) -> CleanTitle {
    let truncated: String = title.chars().take(MAX_TITLE_CHARS).collect();
    let mut text = fold(&truncated);
    // Occupations whose names contain a noise word are protected by a placeholder.
    let mut protected: Vec<(&str, String)> = Vec::new();
    for (i, keep) in PROTECTED.iter().enumerate() {
        if text.contains(keep) {
            let mark = format!("\u{E000}{i}\u{E001}");
            text = text.replace(keep, &mark);
            protected.push((keep, mark));
        }
    }
    for noise in NOISE {
        if text.contains(noise) {
            text = text.replace(noise, " ");
        }
    }
    for (keep, mark) in protected {
        text = text.replace(&mark, keep);
    }
    // Pay figures and counts: runs of digits with k/w/千/万/元/名/人 units.
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit() || matches!(chars[i], '.' | '-' | '~' | '～' | '—'))
            {
                i += 1;
            }
            let unit = chars.get(i).copied();
            if matches!(
                unit,
                Some('k' | 'w' | '千' | '万' | '元' | '名' | '人' | '位' | '个' | '岁')
            ) {
                i += 1;
                out.push(' ');
            } else if chars[start..i]
                .iter()
                .filter(|c| c.is_ascii_digit())
                .count()
                >= 3
            {
                out.push(' ');
            } else {
                out.extend(&chars[start..i]);
            }
            continue;
        }
        let mapped = match c {
            '(' | ')' | '[' | ']' | '{' | '}' | '【' | '】' | '（' | '）' | '〔' | '〕' | '<'
            | '>' | '《' | '》' | '「' | '」' | '"' | '“' | '”' | '!' | '！' | '*' | '★' | '☆'
            | ':' | '：' | '~' | '～' | '#' | '。' => ' ',
            c if is_separator(c) => '/',
            c => c,
        };
        out.push(mapped);
        i += 1;
    }
    let parts: Vec<String> = out
        .split('/')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| p.chars().any(char::is_alphanumeric))
        .collect();
    let text = parts.join(" ");
    let parts = if parts.len() > 1 {
        parts
    } else {
        vec![text.clone()]
    };
    CleanTitle {
        text,
        parts: parts.into_iter().filter(|p| !p.is_empty()).collect(),
    }
}

/// The key under which names are matched exactly: folded, letters and digits
/// only, words of Latin script separated by one space, CJK characters joined.
///
/// ```
/// use jobmatch::classify::text::match_key;
/// assert_eq!(match_key(" Java-Developer "), "java developer");
/// assert_eq!(match_key("数控 车工"), "数控车工");
/// ```
pub fn match_key(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    let mut pending_space = false;
    let mut last_cjk = false;
    for c in folded.chars() {
        if !c.is_alphanumeric() {
            pending_space = true;
            continue;
        }
        let cjk = is_cjk(c);
        if pending_space && !out.is_empty() && !(cjk && last_cjk) {
            out.push(' ');
        }
        pending_space = false;
        last_cjk = cjk;
        out.push(c);
    }
    out
}

/// Name under which the bigram analyzer is registered in the classifier's index.
pub const BIGRAM_ANALYZER: &str = "jobmatch_cjk_bigram";

/// Emits overlapping bigrams of CJK character runs (a lone CJK character is
/// emitted as itself); Latin-script text yields nothing (the word analyzer
/// covers it).
#[derive(Clone, Copy, Debug, Default)]
pub struct CjkBigramTokenizer;

/// The token stream of [`CjkBigramTokenizer`].
#[derive(Debug)]
pub struct CjkBigramStream {
    current: Token,
    rest: std::vec::IntoIter<Token>,
}

/// The CJK bigrams of `text`, in order.
///
/// ```
/// use jobmatch::classify::text::cjk_bigrams;
/// assert_eq!(cjk_bigrams("电焊工 A 厨"), ["电焊", "焊工", "厨"]);
/// ```
pub fn cjk_bigrams(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut Vec<String>| {
        match run.len() {
            0 => {}
            1 => out.push(run[0].to_string()),
            _ => {
                for w in run.windows(2) {
                    out.push(w.iter().collect());
                }
            }
        }
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

impl Tokenizer for CjkBigramTokenizer {
    type TokenStream<'a> = CjkBigramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkBigramStream {
        let tokens = cjk_bigrams(&fold(text))
            .into_iter()
            .enumerate()
            .map(|(position, text)| Token {
                offset_from: 0,
                offset_to: 0,
                position,
                text,
                position_length: 1,
            })
            .collect::<Vec<_>>();
        CjkBigramStream {
            current: Token::default(),
            rest: tokens.into_iter(),
        }
    }
}

impl TokenStream for CjkBigramStream {
    fn advance(&mut self) -> bool {
        match self.rest.next() {
            Some(token) => {
                self.current = token;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_keeps_meaning() {
        assert_eq!(clean_title("急招电焊工 8000元 包吃住").text, "电焊工");
        assert_eq!(clean_title("会计（3年经验）").text, "会计 3年经验");
        assert_eq!(clean_title("C++开发工程师").text, "c++开发工程师");
        assert_eq!(clean_title("").parts, Vec::<String>::new());
        assert_eq!(clean_title("🙂🙂").text, "");
        assert_eq!(clean_title("服务员2名").text, "服务员");
    }

    #[test]
    fn empty_stream_is_safe() {
        let mut t = CjkBigramTokenizer;
        let mut s = t.token_stream("abc");
        assert!(!s.advance());
    }
}
