//! Reading an uploaded spreadsheet into a header and rows: CSV in UTF-8, UTF-16 or
//! Windows-1252 with commas, semicolons or tabs; Excel workbooks (.xlsx) through
//! `calamine`'s cell reader, one cell at a time, so a workbook that declares a huge
//! sheet cannot make the server allocate it, and each cell's text is bounded before it
//! is copied (one shared string shown in many cells is not multiplied); older .xls and
//! .ods are refused with the advice to save as .xlsx or CSV. What reading had to guess
//! is kept as notices the person sees in the preview; what cannot be read is a clear
//! error, and nothing is stored.

mod shared_strings;

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xlsx};
use migraup_domain::{
    DomainError, Lang, Reason,
    error::DomainResult,
    texts::{self, fill},
};
use serde::{Deserialize, Serialize};

/// The largest file one import reads.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// The most rows one import takes (below the header).
pub const MAX_ROWS: usize = 10_000;
/// The most a workbook (a ZIP file) may unpack to, as its directory declares.
const MAX_UNPACKED: u128 = 100 * 1024 * 1024;
/// Lines (blank ones included) after which reading stops: far over [`MAX_ROWS`].
const MAX_LINES: usize = MAX_ROWS + 1000;
/// The most columns read.
const MAX_COLUMNS: usize = migraup_domain::bounds::IMPORT_COLUMNS as usize;
/// The most characters one workbook cell may hold (a description is far shorter).
pub const MAX_CELL_CHARS: usize = 10_000;
/// The most text (bytes of UTF-8) the cells of one workbook may hold together: four
/// times the largest file, far over an honest list of 10,000 organisations.
pub const MAX_TEXT_BYTES: usize = 4 * MAX_BYTES;

/// Something reading the file had to decide that the person should know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Notice {
    Semicolon,
    Tab,
    Encoding { encoding: String },
    EmptyRows { count: usize },
    OtherSheets { sheet: String, others: Vec<String> },
    Formulas { count: usize },
}

impl Notice {
    /// The notice for a person reading `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Notice::Semicolon => fill(lang, "import_notice_semicolon", &[]),
            Notice::Tab => fill(lang, "import_notice_tab", &[]),
            Notice::Encoding { encoding } => fill(lang, "import_notice_encoding", &[("encoding", encoding)]),
            Notice::EmptyRows { count } => texts::count(lang, "import_notice_empty_rows", *count as u64, &[]),
            Notice::OtherSheets { sheet, others } => {
                fill(lang, "import_notice_other_sheets", &[("sheet", sheet), ("others", &others.join(", "))])
            }
            Notice::Formulas { count } => texts::count(lang, "import_notice_formulas", *count as u64, &[]),
        }
    }
}

/// A file as read: its header, its non-empty rows with their line numbers (1-based,
/// as a spreadsheet counts them) and the notices.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(u32, Vec<String>)>,
    pub notices: Vec<Notice>,
}

fn unreadable() -> DomainError {
    DomainError::invalid("file", Reason::UnreadableFile)
}

/// Reads `bytes` as a workbook (by its signature) or as CSV text.
pub fn read(bytes: &[u8]) -> DomainResult<Table> {
    if bytes.len() > MAX_BYTES {
        return Err(DomainError::invalid("file", Reason::FileTooLarge { max: MAX_BYTES / (1024 * 1024) }));
    }
    // ZIP (xlsx) and OLE (old xls, refused) containers.
    let table = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(unreadable());
    } else if bytes.starts_with(b"PK\x03\x04") {
        read_workbook(bytes)?
    } else {
        read_csv(bytes)?
    };
    if table.rows.is_empty() {
        return Err(DomainError::invalid("file", Reason::EmptyFile));
    }
    Ok(table)
}

/// A file of lines: the header is the first line with any text; blank lines are
/// counted and left out; too many rows is an error before anything is stored.
fn into_table(lines: impl Iterator<Item = (u32, Vec<String>)>, mut notices: Vec<Notice>) -> DomainResult<Table> {
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut empty = 0;
    for (line, mut cells) in lines {
        cells.truncate(MAX_COLUMNS);
        for cell in &mut cells {
            let trimmed = cell.trim();
            if trimmed.len() != cell.len() {
                *cell = trimmed.to_owned();
            }
        }
        if cells.iter().all(String::is_empty) {
            if header.is_some() {
                empty += 1;
            }
            continue;
        }
        match &header {
            None => header = Some(cells),
            Some(_) => {
                if rows.len() == MAX_ROWS {
                    return Err(DomainError::invalid("file", Reason::TooManyRows { max: MAX_ROWS }));
                }
                rows.push((line, cells));
            }
        }
    }
    let Some(mut header) = header else { return Err(DomainError::invalid("file", Reason::EmptyFile)) };
    // Every row as wide as the widest, every column with a name.
    let width = rows.iter().map(|(_, c)| c.len()).chain([header.len()]).max().unwrap_or(0);
    header.resize(width, String::new());
    for (i, name) in header.iter_mut().enumerate() {
        if name.is_empty() {
            *name = format!("#{}", i + 1);
        }
    }
    for (_, cells) in &mut rows {
        cells.resize(width, String::new());
    }
    if empty > 0 {
        notices.push(Notice::EmptyRows { count: empty });
    }
    Ok(Table { header, rows, notices })
}

/// The text of a CSV file: UTF-8 (with or without byte order mark), UTF-16 with one,
/// else Windows-1252 (what Excel on Windows writes as "CSV"), said in a notice.
fn decode(bytes: &[u8]) -> DomainResult<(String, Option<Notice>)> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, malformed) = encoding.decode(bytes);
        return if malformed { Err(unreadable()) } else { Ok((text.into_owned(), None)) };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), None)),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((text.into_owned(), Some(Notice::Encoding { encoding: "Windows-1252".into() })))
        }
    }
}

/// The separator the first line uses most: comma, semicolon or tab.
fn separator(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let count = |c: char| first.chars().filter(|x| *x == c).count();
    let (comma, semicolon, tab) = (count(','), count(';'), count('\t'));
    if tab > comma && tab > semicolon {
        b'\t'
    } else if semicolon > comma {
        b';'
    } else {
        b','
    }
}

fn read_csv(bytes: &[u8]) -> DomainResult<Table> {
    let (text, encoding_notice) = decode(bytes)?;
    // A text file has no NUL characters: this is some other binary file.
    if text.contains('\0') {
        return Err(unreadable());
    }
    let delimiter = separator(&text);
    let mut notices: Vec<Notice> = encoding_notice.into_iter().collect();
    match delimiter {
        b';' => notices.push(Notice::Semicolon),
        b'\t' => notices.push(Notice::Tab),
        _ => {}
    }
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    // Rows as a spreadsheet numbers them: one per record (a quoted cell may span
    // lines), plus the blank lines the reader skips between records.
    let mut lines = Vec::new();
    let mut record = csv::StringRecord::new();
    let (mut line, mut end) = (0u32, 0usize);
    while reader.read_record(&mut record).map_err(|_| unreadable())? {
        // Blank lines between the previous record and this one (the previous one's own
        // line break may still lie ahead of the reader's position).
        let lead = text.as_bytes()[end.min(text.len())..].iter().take_while(|b| matches!(b, b'\r' | b'\n'));
        let breaks = lead.filter(|b| **b == b'\n').count() as u32;
        let own = u32::from(end > 0 && text.as_bytes()[end - 1] != b'\n');
        let blank = breaks.saturating_sub(own);
        line += 1 + blank;
        end = reader.position().byte() as usize;
        lines.push((line, record.iter().map(str::to_owned).collect()));
        if lines.len() > MAX_LINES {
            // Far over the limit (blank lines included): stop reading.
            return Err(DomainError::invalid("file", Reason::TooManyRows { max: MAX_ROWS }));
        }
    }
    into_table(lines.into_iter(), notices)
}

/// A workbook cell as text: whole numbers without a decimal point (postal codes,
/// years, ids), errors as empty.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

fn read_workbook(bytes: &[u8]) -> DomainResult<Table> {
    // A few kilobytes can unpack to gigabytes: the sizes are checked before unpacking.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let mut unpacked: u128 = 0;
    for i in 0..archive.len() {
        unpacked += u128::from(archive.by_index_raw(i).map_err(|_| unreadable())?.size());
    }
    if unpacked > MAX_UNPACKED {
        return Err(DomainError::invalid("file", Reason::FileTooLarge { max: (MAX_UNPACKED / (1024 * 1024)) as usize }));
    }
    if !shared_strings::declared_counts_fit(&mut archive) {
        return Err(unreadable());
    }
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let mut chosen: Option<(String, Sheet)> = None;
    let mut others = Vec::new();
    let mut text_bytes = 0;
    for name in workbook.sheet_names() {
        let sheet = read_sheet(&mut workbook, &name, &mut text_bytes)?;
        if sheet.rows.is_empty() {
            continue;
        }
        if chosen.is_none() {
            chosen = Some((name, sheet));
        } else {
            others.push(name);
        }
    }
    let Some((name, sheet)) = chosen else { return Err(DomainError::invalid("file", Reason::EmptyFile)) };
    let mut notices = Vec::new();
    if !others.is_empty() {
        notices.push(Notice::OtherSheets { sheet: name, others });
    }
    if sheet.formulas > 0 {
        notices.push(Notice::Formulas { count: sheet.formulas });
    }
    // Rows in order, the missing ones as blank rows (so they are counted as such).
    let last = sheet.rows.keys().next_back().copied().unwrap_or(0);
    let mut rows = sheet.rows;
    let lines = (0..=last).map(move |r| (r + 1, rows.remove(&r).unwrap_or_default()));
    into_table(lines, notices)
}

/// The cells of one sheet with a value, by row, and how many were formulas.
struct Sheet {
    rows: std::collections::BTreeMap<u32, Vec<String>>,
    formulas: usize,
}

/// The text a cell's value brings, in bytes, before it is copied: a shared string is
/// stored once in the workbook, but every cell that shows it would get its own copy.
fn text_len(value: &DataRef) -> usize {
    match value {
        DataRef::SharedString(s) => s.len(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len(),
        _ => 0,
    }
}

fn char_count(value: &DataRef) -> usize {
    match value {
        DataRef::SharedString(s) => s.chars().count(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.chars().count(),
        _ => 0,
    }
}

/// A cell as a spreadsheet names it: `Liste!B7`, `'Meine Liste'!AA2`.
fn cell_reference(sheet: &str, row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    let letters = String::from_utf8(letters).unwrap_or_default();
    if sheet.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.') {
        format!("{sheet}!{letters}{}", row + 1)
    } else {
        format!("'{}'!{letters}{}", sheet.replace('\'', "''"), row + 1)
    }
}

/// Reads a sheet cell by cell: nothing is allocated for the empty expanse a workbook
/// may declare; rows past the limit end the reading, columns past it are left out.
/// Each cell's text is measured before it is copied: over [`MAX_CELL_CHARS`] the file
/// is refused naming the cell, and `text_bytes` (the whole file's) over
/// [`MAX_TEXT_BYTES`] refuses it too, so a workbook cannot multiply one long text.
fn read_sheet(workbook: &mut Xlsx<Cursor<&[u8]>>, name: &str, text_bytes: &mut usize) -> DomainResult<Sheet> {
    let mut reader = workbook.worksheet_cells_reader(name).map_err(|_| unreadable())?;
    let mut sheet = Sheet { rows: Default::default(), formulas: 0 };
    while let Some(cell) = reader.next_cell_with_formula().map_err(|_| unreadable())? {
        let (row, column) = cell.pos;
        if cell.formula.as_deref().is_some_and(|f| !f.is_empty()) {
            sheet.formulas += 1;
        }
        if column as usize >= MAX_COLUMNS {
            continue;
        }
        let len = text_len(&cell.value);
        // No more bytes than the bound means no more characters: only longer texts are counted.
        if len > MAX_CELL_CHARS && char_count(&cell.value) > MAX_CELL_CHARS {
            let cell = cell_reference(name, row, column);
            return Err(DomainError::invalid("file", Reason::CellTooLong { cell, max: MAX_CELL_CHARS }));
        }
        *text_bytes += len;
        if *text_bytes > MAX_TEXT_BYTES {
            return Err(DomainError::invalid("file", Reason::TextTooLarge { max: MAX_TEXT_BYTES / (1024 * 1024) }));
        }
        let text = cell_text(&Data::from(cell.value));
        if text.trim().is_empty() {
            continue;
        }
        if row as usize > MAX_LINES {
            return Err(DomainError::invalid("file", Reason::TooManyRows { max: MAX_ROWS }));
        }
        let cells = sheet.rows.entry(row).or_default();
        if cells.len() <= column as usize {
            cells.resize(column as usize + 1, String::new());
        }
        cells[column as usize] = text;
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_windows_1252_and_blank_lines_are_read_and_said() {
        let bytes = b"Name;Ort\r\n\r\nBr\xfccke e.V.;Berlin\r\n;\r\nVerein;Pankow\r\n";
        let table = read(bytes).unwrap();
        assert_eq!(table.header, ["Name", "Ort"]);
        assert_eq!(table.rows, vec![(3, vec!["Brücke e.V.".to_owned(), "Berlin".into()]), (5, vec!["Verein".into(), "Pankow".into()])]);
        assert!(table.notices.contains(&Notice::Semicolon));
        assert!(table.notices.contains(&Notice::Encoding { encoding: "Windows-1252".into() }));
        assert!(table.notices.contains(&Notice::EmptyRows { count: 1 }));
    }

    #[test]
    fn a_cell_over_two_lines_keeps_the_row_numbers() {
        let table = read(b"Name,Angebote\n\"Verein A\",\"Beratung\nSprachcafe\"\n\nVerein B,Kurs\n").unwrap();
        assert_eq!(table.rows.iter().map(|(l, c)| (*l, c[0].as_str())).collect::<Vec<_>>(), [(2, "Verein A"), (4, "Verein B")]);
    }

    #[test]
    fn utf16_with_bom_and_tabs() {
        let text = "\u{feff}Name\tOrt\nCafé Vielfalt\tPankow\n";
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let table = read(&bytes).unwrap();
        assert_eq!(table.rows[0].1, ["Café Vielfalt", "Pankow"]);
        assert_eq!(table.notices, [Notice::Tab]);
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        assert_eq!(read(b"Name,Ort\n").unwrap_err().reason, Reason::EmptyFile);
        assert_eq!(read(b"\x00\x01\x02binary").unwrap_err().reason, Reason::UnreadableFile);
        assert_eq!(read(b"PK\x03\x04broken zip").unwrap_err().reason, Reason::UnreadableFile);
        let many = format!("Name\n{}", "Verein\n".repeat(MAX_ROWS + 1));
        assert_eq!(read(many.as_bytes()).unwrap_err().reason, Reason::TooManyRows { max: MAX_ROWS });
        let just_enough = format!("Name\n{}", "Verein\n".repeat(MAX_ROWS));
        assert_eq!(read(just_enough.as_bytes()).unwrap().rows.len(), MAX_ROWS);
        assert!(matches!(read(&vec![b'a'; MAX_BYTES + 1]).unwrap_err().reason, Reason::FileTooLarge { .. }));
    }

    /// A workbook written by hand (a spreadsheet writer refuses text over Excel's 32,767
    /// characters): the shared strings table holds `strings` once; row 1 shows string 0,
    /// rows 2 to `rows` show string 1 in column A.
    fn shared_string_workbook(unique_count: &str, strings: &[String], rows: usize) -> Vec<u8> {
        use std::io::Write;
        const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
        const DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let sst: String = strings.iter().map(|s| format!("<si><t>{s}</t></si>")).collect();
        let cells: String =
            (1..=rows).map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>{}</v></c></row>", usize::from(r > 1))).collect();
        let parts = [
            (
                "[Content_Types].xml",
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
                 <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
                 <Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
                    .to_owned(),
            ),
            (
                "_rels/.rels",
                format!(
                    "<Relationships xmlns=\"{RELS}\"><Relationship Id=\"rId1\" Type=\"{DOC}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
                ),
            ),
            (
                "xl/workbook.xml",
                format!(
                    "<workbook xmlns=\"{MAIN}\" xmlns:r=\"{DOC}\"><sheets><sheet name=\"Liste\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
                ),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(
                    "<Relationships xmlns=\"{RELS}\"><Relationship Id=\"rId1\" Type=\"{DOC}/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
                     <Relationship Id=\"rId2\" Type=\"{DOC}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"
                ),
            ),
            ("xl/sharedStrings.xml", format!("<sst xmlns=\"{MAIN}\" count=\"{rows}\" uniqueCount=\"{unique_count}\">{sst}</sst>")),
            ("xl/worksheets/sheet1.xml", format!("<worksheet xmlns=\"{MAIN}\"><sheetData>{cells}</sheetData></worksheet>")),
        ];
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_readable_hand_written_workbook() {
        let table = read(&shared_string_workbook("2", &["Name".into(), "Verein am Anger".into()], 3)).unwrap();
        assert_eq!(table.rows, vec![(2, vec!["Verein am Anger".to_owned()]), (3, vec!["Verein am Anger".to_owned()])]);
    }

    /// Issue 25, finding 11: one shared string of 1 MB in 40,000 cells, a file of about
    /// 100 KB, took the server past 3–5 GB until it aborted (each cell got its own copy).
    #[test]
    fn one_long_shared_string_in_many_cells_is_refused_at_its_first_cell() {
        let book = shared_string_workbook("2", &["Name".into(), "x".repeat(1024 * 1024)], 40_001);
        assert!(book.len() < 200 * 1024, "a small file: {} bytes", book.len());
        let error = read(&book).unwrap_err();
        assert_eq!(
            (error.field.as_deref(), error.reason),
            (Some("file"), Reason::CellTooLong { cell: "Liste!A2".into(), max: MAX_CELL_CHARS })
        );
        let text = migraup_domain::messages::reason_text(&Reason::CellTooLong { cell: "Liste!A2".into(), max: MAX_CELL_CHARS }, Lang::En);
        assert!(text.contains("Liste!A2") && text.contains("10000"), "{text}");
    }

    /// Cells each within the bound still multiply: the whole text read is bounded too.
    #[test]
    fn the_text_of_a_whole_workbook_is_bounded() {
        let cell = "x".repeat(MAX_CELL_CHARS);
        let rows = MAX_TEXT_BYTES / MAX_CELL_CHARS + 2;
        let error = read(&shared_string_workbook("2", &["Name".into(), cell], rows)).unwrap_err();
        assert_eq!((error.field.as_deref(), error.reason), (Some("file"), Reason::TextTooLarge { max: MAX_TEXT_BYTES / (1024 * 1024) }));
        // Just under the bound is read.
        let fits = read(&shared_string_workbook("2", &["Name".into(), "x".repeat(MAX_CELL_CHARS)], rows - 3)).unwrap();
        assert_eq!(fits.rows.len(), rows - 4);
    }

    /// calamine reserves room for the count of shared strings a workbook declares: a
    /// tiny file declaring 10^13 of them made the allocation fail and the process abort.
    #[test]
    fn a_declared_count_of_shared_strings_beyond_the_file_is_refused() {
        let book = shared_string_workbook("10000000000000", &["Name".into(), "Verein".into()], 2);
        assert_eq!(read(&book).unwrap_err().reason, Reason::UnreadableFile);
    }
}
