//! A search snippet cut into plain and marked pieces, from the character
//! ranges the server says the query's words occupy.

/// One run of a snippet: its text and whether it matched the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

/// Splits `snippet` at the `[start, end)` character ranges of `highlights`.
/// Ranges may come in any order, overlap or run past the end: overlapping
/// ones merge, and what lies outside the snippet is ignored.
pub fn split(snippet: &str, highlights: &[[usize; 2]]) -> Vec<Piece> {
    let chars: Vec<char> = snippet.chars().collect();
    let ranges = merged(highlights, chars.len());

    let mut pieces = Vec::new();
    let mut position = 0;
    for (start, end) in ranges {
        push(&mut pieces, &chars[position..start], false);
        push(&mut pieces, &chars[start..end], true);
        position = end;
    }
    push(&mut pieces, &chars[position..], false);
    pieces
}

/// The ranges clamped to `length`, sorted, without empty ones, overlaps joined.
fn merged(highlights: &[[usize; 2]], length: usize) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = highlights
        .iter()
        .map(|[start, end]| ((*start).min(length), (*end).min(length)))
        .filter(|(start, end)| start < end)
        .collect();
    ranges.sort_unstable();

    let mut joined: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match joined.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => joined.push((start, end)),
        }
    }
    joined
}

fn push(pieces: &mut Vec<Piece>, chars: &[char], marked: bool) {
    if chars.is_empty() {
        return;
    }
    pieces.push(Piece {
        text: chars.iter().collect(),
        marked,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|piece| {
                if piece.marked {
                    format!("[{}]", piece.text)
                } else {
                    piece.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn ranges_count_characters_not_bytes() {
        let pieces = split("买的手机屏幕坏了", &[[2, 4]]);

        assert_eq!(shown(&pieces), "买的[手机]屏幕坏了");
    }

    #[test]
    fn a_snippet_without_highlights_is_one_plain_piece() {
        let pieces = split("refund refused", &[]);

        assert_eq!(
            pieces,
            vec![Piece {
                text: "refund refused".into(),
                marked: false
            }]
        );
    }

    #[test]
    fn unordered_and_overlapping_ranges_merge() {
        let pieces = split("abcdefghij", &[[6, 8], [0, 2], [1, 3], [3, 4]]);

        assert_eq!(shown(&pieces), "[abcd]ef[gh]ij");
    }

    #[test]
    fn ranges_past_the_end_are_cut_and_empty_ones_dropped() {
        let pieces = split("退款", &[[1, 9], [5, 7], [0, 0]]);

        assert_eq!(shown(&pieces), "退[款]");
    }

    #[test]
    fn the_pieces_put_back_together_give_the_snippet() {
        let snippet = "商家拒绝退款，客服电话【手机号】无人接听";

        let pieces = split(snippet, &[[4, 6], [12, 14]]);

        let joined: String = pieces.iter().map(|piece| piece.text.as_str()).collect();
        assert_eq!(joined, snippet);
        assert_eq!(pieces.iter().filter(|piece| piece.marked).count(), 2);
    }
}
