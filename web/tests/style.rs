//! The style sheet's shape: merges of parallel work have dropped braces
//! before, which silently moved rules into a media query. Every rule must
//! stand at the top level (unindented) or directly inside an `@media` block
//! (indented), and every declaration inside a rule.

const STYLE: &str = include_str!("../style.css");

/// Where a line sits: the blocks it is inside, outermost first.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Block {
    Media,
    Rule,
}

fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("*/")
            .map_or(rest.len(), |end| start + end + 2);
        // Keep the line count, so that reported line numbers stay right.
        out.extend(rest[start..end].chars().filter(|c| *c == '\n'));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Every problem found, as "line N: what".
fn problems(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut open: Vec<Block> = Vec::new();
    for (index, raw) in without_comments(text).lines().enumerate() {
        let number = index + 1;
        let line = raw.trim();
        let indented = raw.starts_with(char::is_whitespace);
        if line.is_empty() {
            continue;
        }
        if let Some(head) = line.strip_suffix('{') {
            let block = if head.trim_start().starts_with("@media") {
                Block::Media
            } else {
                Block::Rule
            };
            // A rule inside a media query is indented; one that is not was
            // meant for the top level, and a brace before it went missing.
            let allowed = match block {
                Block::Media => open.is_empty(),
                Block::Rule => {
                    (open.is_empty() && !indented) || (open == [Block::Media] && indented)
                }
            };
            if !allowed {
                found.push(format!("line {number}: `{line}` opens inside {open:?}"));
            }
            open.push(block);
        } else if line == "}" {
            if open.pop().is_none() {
                found.push(format!("line {number}: a `}}` closes nothing"));
            }
        } else if open.last() != Some(&Block::Rule) && !line.ends_with(',') {
            found.push(format!("line {number}: `{line}` stands outside any rule"));
        }
    }
    if !open.is_empty() {
        found.push(format!("the sheet ends inside {open:?}"));
    }
    found
}

#[test]
fn every_rule_and_declaration_stands_where_it_belongs() {
    assert_eq!(problems(STYLE), Vec::<String>::new());
}

#[test]
fn the_check_finds_a_dropped_and_a_stray_brace() {
    let dropped =
        "@media (min-width: 40rem) {\n  .a {\n    color: red;\n  }\n.b {\n  color: blue;\n}\n";
    let stray = ".a {\n  color: red;\n}\n  gap: 1rem;\n}\n";

    assert_eq!(
        problems(dropped),
        vec![
            "line 5: `.b {` opens inside [Media]".to_owned(),
            "the sheet ends inside [Media]".to_owned(),
        ]
    );
    assert_eq!(
        problems(stray),
        vec![
            "line 4: `gap: 1rem;` stands outside any rule".to_owned(),
            "line 5: a `}` closes nothing".to_owned(),
        ]
    );
}
