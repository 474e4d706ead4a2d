//! Writing CSV (RFC 4180) that spreadsheets open safely.
//!
//! Excel reads a file as UTF-8 only when it starts with a byte order mark,
//! and runs any cell that starts like a formula; both are handled here.

/// The UTF-8 byte order mark, the first bytes of every file.
pub const BOM: &str = "\u{FEFF}";

/// Appends one record: cells separated by commas, ended by CRLF.
pub fn push_record<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    for (index, cell) in cells.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        push_cell(out, cell.as_ref());
    }
    out.push_str("\r\n");
}

/// Appends one cell, defused and quoted as needed.
///
/// A cell that a spreadsheet would read as a formula (starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, which
/// shows it as text. A cell with a comma, a quote or a line break is
/// quoted, and its quotes doubled.
pub fn push_cell(out: &mut String, value: &str) {
    let defused = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = value.contains([',', '"', '\r', '\n']);

    if quoted {
        out.push('"');
    }
    if defused {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quoted {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(cells: &[&str]) -> String {
        let mut out = String::new();
        push_record(&mut out, cells);
        out
    }

    #[test]
    fn plain_cells_stay_as_they_are() {
        assert_eq!(
            record(&["20261204-000042-7", "家用电器", ""]),
            "20261204-000042-7,家用电器,\r\n"
        );
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(
            record(&["退款,赔偿", "他说\"不退\"", "第一行\n第二行"]),
            "\"退款,赔偿\",\"他说\"\"不退\"\"\",\"第一行\n第二行\"\r\n"
        );
    }

    #[test]
    fn cells_that_look_like_formulas_are_shown_as_text() {
        for (cell, expected) in [
            ("=1+2", "'=1+2"),
            ("+86 138", "'+86 138"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
        ] {
            assert_eq!(record(&[cell]), format!("{expected}\r\n"));
        }
        assert_eq!(
            record(&["=HYPERLINK(\"http://x\",\"y\")"]),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n"
        );
        assert_eq!(record(&["\r=1"]), "\"'\r=1\"\r\n");
    }
}
