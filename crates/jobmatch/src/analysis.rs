//! Text analysis shared by the index and the scorer: jieba segmentation for
//! Chinese (search mode, so `数控车床` also yields `数控` and `车床`), lowercase and
//! English stemming for Latin script, and removal of punctuation-only tokens.
//!
//! Text is first [`fold`]ed (full-width forms,
//! case, spacing), so the same analysis runs at index and at query time.

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

use crate::normalise::text::fold;

/// Name under which the analyzer is registered in every jobmatch index.
pub const ANALYZER_NAME: &str = "jobmatch_text";

/// Tokens longer than this many bytes are dropped (adversarial input).
const MAX_TOKEN_BYTES: usize = 60;

/// Builds the analyzer: jieba, word-only filter, length limit, lowercase, stemmer.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(tantivy_jieba::JiebaTokenizer::new())
        .filter(WordOnly)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// A reusable tokeniser for scoring-side analysis.
#[derive(Clone)]
pub struct Analyzer {
    inner: TextAnalyzer,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer(jieba+lowercase+stem)")
    }
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            inner: text_analyzer(),
        }
    }
}

impl Analyzer {
    /// Appends the tokens of `text` (after folding) to `out`.
    ///
    /// ```
    /// let mut analyzer = jobmatch::analysis::Analyzer::default();
    /// let mut tokens = Vec::new();
    /// analyzer.tokens_into("Welding MACHINES, 数控车床!", &mut tokens);
    /// assert!(tokens.contains(&"weld".to_string()));
    /// assert!(tokens.contains(&"machin".to_string()));
    /// assert!(tokens.contains(&"车床".to_string()));
    /// assert!(!tokens.iter().any(|t| t == "," || t == "!"));
    /// ```
    pub fn tokens_into(&mut self, text: &str, out: &mut Vec<String>) {
        let folded = fold(text);
        let mut stream = self.inner.token_stream(&folded);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
    }

    /// The tokens of `text`.
    pub fn tokens(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.tokens_into(text, &mut out);
        out
    }
}

/// Drops tokens that hold no letter or digit (spaces, punctuation, emoji).
#[derive(Clone, Copy, Debug)]
pub struct WordOnly;

impl TokenFilter for WordOnly {
    type Tokenizer<T: Tokenizer> = WordOnlyTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> WordOnlyTokenizer<T> {
        WordOnlyTokenizer(tokenizer)
    }
}

/// The tokenizer that [`WordOnly`] wraps around another.
#[derive(Clone, Debug)]
pub struct WordOnlyTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for WordOnlyTokenizer<T> {
    type TokenStream<'a> = WordOnlyStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        WordOnlyStream(self.0.token_stream(text))
    }
}

/// The token stream of [`WordOnlyTokenizer`].
#[derive(Debug)]
pub struct WordOnlyStream<S>(S);

impl<S: TokenStream> TokenStream for WordOnlyStream<S> {
    fn advance(&mut self) -> bool {
        while self.0.advance() {
            if self.0.token().text.chars().any(char::is_alphanumeric) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// A stable 64-bit FNV-1a hash, used for token and skill identities (the same
/// value on every machine and run).
pub fn stable_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
