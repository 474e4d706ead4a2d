//! A complaint text seen one character at a time, with full-width forms
//! folded to ASCII so that every scanner reads `１３８` as `138`.

/// A span of characters found by one of the scanners, in character indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found<K> {
    pub kind: K,
    pub start: usize,
    pub end: usize,
}

/// The text, folded, with the byte offset where each character starts.
pub(super) struct Scan {
    pub chars: Vec<char>,
    offsets: Vec<usize>,
    byte_len: usize,
}

impl Scan {
    pub fn new(text: &str) -> Self {
        let (offsets, chars) = text.char_indices().map(|(at, c)| (at, fold(c))).unzip();

        Self {
            chars,
            offsets,
            byte_len: text.len(),
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn at(&self, i: usize) -> char {
        self.chars.get(i).copied().unwrap_or('\0')
    }

    /// The character before `i`, or NUL at the start.
    pub fn before(&self, i: usize) -> char {
        if i == 0 { '\0' } else { self.at(i - 1) }
    }

    pub fn byte_offset(&self, i: usize) -> usize {
        self.offsets.get(i).copied().unwrap_or(self.byte_len)
    }

    /// Whether the folded text at `i` starts with `word`.
    pub fn starts_with(&self, i: usize, word: &str) -> bool {
        (i..)
            .zip(word.chars())
            .all(|(at, w)| self.at(at).eq_ignore_ascii_case(&w))
    }

    /// Whether the folded text just before `end` ends with `word`.
    pub fn ends_with(&self, end: usize, word: &str) -> bool {
        let n = word.chars().count();
        n <= end && self.starts_with(end - n, word)
    }

    /// Whether any of `words` occurs in the `window` characters before `i`.
    pub fn cue_before(&self, i: usize, window: usize, words: &[&str]) -> bool {
        let from = i.saturating_sub(window);
        (from..i).any(|at| words.iter().any(|w| self.starts_with(at, w)))
    }

    /// Whether any of `words` occurs in the `window` characters before `i`
    /// within the same clause (no punctuation between).
    pub fn cue_in_clause(&self, i: usize, window: usize, words: &[&str]) -> bool {
        let from = i.saturating_sub(window);
        let clause = (from..i)
            .rev()
            .find(|at| is_clause_break(self.at(*at)))
            .map_or(from, |at| at + 1);
        self.cue_before(i, i - clause, words)
    }

    pub fn string(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }
}

/// Full-width digits, letters and the punctuation that appears in numbers
/// and e-mail addresses, as their ASCII forms.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2014}' | '\u{2013}' | '\u{2012}' | '\u{2212}' => '-',
        _ => c,
    }
}

pub(super) fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | '.' | ';' | '!' | '?' | '，' | '。' | '；' | '！' | '？' | '、' | '\n'
    )
}
