//! Which of the posting checks' phrases occur in a text, found in one pass.
//!
//! The rules in the parent module look at each phrase's occurrences with its
//! context (negations, word boundaries, clauses). Most phrases occur in no
//! posting, and searching the text once per phrase (some 500 of them) was a
//! fifth of indexing. One Aho-Corasick automaton over every distinct phrase says
//! which occur at all; the rules then run only for those. That is a prefilter:
//! the flags are the same as with a search per phrase (tested against exactly
//! that below).

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{FEMALE_ONLY, LAWFUL_EXCEPTIONS, MALE_ONLY, NEAR_MISSES, RULES};

/// The distinct phrases of one group of lists, each list as ids into them.
pub(super) struct PhraseSet {
    phrases: Vec<&'static str>,
    automaton: AhoCorasick,
}

impl PhraseSet {
    fn new(phrases: Vec<&'static str>) -> PhraseSet {
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&phrases)
            // The phrases are this module's constants: a failure is a bug, and
            // the tests build every automaton.
            .expect("the posting checks' phrases build an Aho-Corasick automaton");
        PhraseSet { phrases, automaton }
    }

    /// Which phrases occur in `text` (overlapping occurrences included).
    pub fn present(&self, text: &str) -> Present {
        let mut found = vec![false; self.phrases.len()];
        for m in self.automaton.find_overlapping_iter(text) {
            found[m.pattern().as_usize()] = true;
        }
        Present(found)
    }

    /// The same answer by one substring search per phrase (the reference).
    #[cfg(test)]
    pub fn present_by_search(&self, text: &str) -> Present {
        Present(self.phrases.iter().map(|p| text.contains(p)).collect())
    }
}

/// Which phrases of a [`PhraseSet`] occur in one text.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Present(Vec<bool>);

impl Present {
    /// Whether the phrase with this id occurs.
    pub fn has(&self, id: usize) -> bool {
        self.0.get(id).copied().unwrap_or(false)
    }
}

/// The phrase sets and, for every list of phrases, its ids.
pub(super) struct PhraseIndex {
    /// The near misses, searched in the original text.
    pub near_misses: PhraseSet,
    /// Ids in `near_misses` of [`NEAR_MISSES`].
    pub near_miss_ids: Vec<usize>,
    /// Every phrase searched in the masked text.
    pub flagged: PhraseSet,
    /// Ids in `flagged` of [`LAWFUL_EXCEPTIONS`]' phrases.
    pub exceptions: Vec<usize>,
    /// Ids in `flagged` of [`MALE_ONLY`].
    pub male_only: Vec<usize>,
    /// Ids in `flagged` of [`FEMALE_ONLY`].
    pub female_only: Vec<usize>,
    /// Ids in `flagged` of each rule's phrases, rule by rule.
    pub rules: Vec<Vec<usize>>,
}

/// Interns phrases: the id of each, in order of first appearance.
#[derive(Default)]
struct Interner {
    phrases: Vec<&'static str>,
    ids: HashMap<&'static str, usize>,
}

impl Interner {
    fn ids(&mut self, list: impl IntoIterator<Item = &'static str>) -> Vec<usize> {
        list.into_iter()
            .map(|p| {
                *self.ids.entry(p).or_insert_with(|| {
                    self.phrases.push(p);
                    self.phrases.len() - 1
                })
            })
            .collect()
    }
}

/// Built on first use.
pub(super) static PHRASE_INDEX: LazyLock<PhraseIndex> = LazyLock::new(|| {
    let mut near = Interner::default();
    let near_miss_ids = near.ids(NEAR_MISSES.iter().copied());
    let mut flagged = Interner::default();
    let exceptions = flagged.ids(LAWFUL_EXCEPTIONS.iter().map(|(p, _)| *p));
    let male_only = flagged.ids(MALE_ONLY.iter().copied());
    let female_only = flagged.ids(FEMALE_ONLY.iter().copied());
    let rules = RULES
        .iter()
        .map(|r| flagged.ids(r.phrases.iter().copied()))
        .collect();
    PhraseIndex {
        near_misses: PhraseSet::new(near.phrases),
        near_miss_ids,
        flagged: PhraseSet::new(flagged.phrases),
        exceptions,
        male_only,
        female_only,
        rules,
    }
});

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Texts made of phrase pieces, filler and punctuation: many occurrences,
    /// overlaps and near-overlaps.
    fn texts() -> impl Strategy<Value = String> {
        let index = &*PHRASE_INDEX;
        let mut pieces: Vec<String> = index
            .flagged
            .phrases
            .iter()
            .chain(&index.near_misses.phrases)
            .map(|p| p.to_string())
            .collect();
        // Halves of phrases too, so that some occurrences are cut short.
        let halves: Vec<String> = pieces
            .iter()
            .map(|p| p.chars().take(p.chars().count().div_ceil(2)).collect())
            .collect();
        pieces.extend(halves);
        pieces.extend(
            [
                "，", "。", " ", "工作", "male", "25", "岁", "不", "无", "a", "\n",
            ]
            .map(String::from),
        );
        prop::collection::vec(prop::sample::select(pieces), 0..24).prop_map(|v| v.concat())
    }

    #[test]
    fn every_automaton_builds() {
        let index = &*PHRASE_INDEX;
        assert_eq!(index.near_miss_ids.len(), NEAR_MISSES.len());
        assert_eq!(index.rules.len(), RULES.len());
        assert!(index.flagged.phrases.len() > 300);
    }

    #[test]
    fn a_phrase_inside_another_is_found_too() {
        let index = &*PHRASE_INDEX;
        // 仅限男 holds 限男; 男性优先 holds 男性.
        let present = index.flagged.present("仅限男性优先");
        for phrase in ["仅限男", "限男", "男性优先", "男性"] {
            let id = index.flagged.phrases.iter().position(|p| *p == phrase);
            assert!(id.is_some_and(|id| present.has(id)), "{phrase}");
        }
    }

    proptest! {
        #[test]
        fn the_automaton_finds_what_substring_search_finds(text in texts()) {
            let index = &*PHRASE_INDEX;
            prop_assert_eq!(index.flagged.present(&text), index.flagged.present_by_search(&text));
            prop_assert_eq!(
                index.near_misses.present(&text),
                index.near_misses.present_by_search(&text)
            );
        }

        #[test]
        fn the_scan_flags_what_a_search_per_phrase_flags(text in texts()) {
            let (mut fast, mut fast_exceptions) = (Vec::new(), Vec::new());
            super::super::scan(&text, &mut fast, &mut fast_exceptions);
            let (mut slow, mut slow_exceptions) = (Vec::new(), Vec::new());
            super::super::scan_with(
                &text,
                &mut slow,
                &mut slow_exceptions,
                PhraseSet::present_by_search,
            );
            prop_assert_eq!(fast, slow);
            prop_assert_eq!(fast_exceptions, slow_exceptions);
        }
    }
}
