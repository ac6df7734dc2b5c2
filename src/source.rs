//! Source files, spans and their conversion to file:line:column and snippets.
//!
//! Every span in chkmate is a file id plus a byte range; line and column are only
//! computed when something is rendered.

use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in a [`SourceMap`].
pub type FileId = u32;

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Span {
        Span {
            file,
            start: range.start as u32,
            end: range.end as u32,
        }
    }
}

/// One loaded source file.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as given or found (relative to the working directory when possible).
    pub path: PathBuf,
    pub text: Arc<str>,
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let offset = offset.min(self.text.len() as u32);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let mut end = offset as usize;
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count() as u32 + 1;
        (line as u32 + 1, col)
    }

    /// The text of a 1-based line, without its newline.
    pub fn line_text(&self, line: u32) -> &str {
        let idx = (line.max(1) - 1) as usize;
        if idx >= self.line_starts.len() {
            return "";
        }
        let start = self.line_starts[idx] as usize;
        let end = self
            .line_starts
            .get(idx + 1)
            .map(|e| *e as usize)
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }
}

/// A resolved location, ready to print.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// All files loaded for one run.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        (self.files.len() - 1) as FileId
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id as usize)
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (i as FileId, f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn path(&self, id: FileId) -> Option<&Path> {
        self.get(id).map(|f| f.path.as_path())
    }

    /// Resolves a span to file:line:column.
    pub fn locate(&self, span: Span) -> Option<Location> {
        let f = self.get(span.file)?;
        let (line, column) = f.line_col(span.start);
        let (end_line, end_column) = f.line_col(span.end);
        Some(Location {
            file: display_path(&f.path),
            line,
            column,
            end_line,
            end_column,
        })
    }

    /// A compiler-style snippet: the line of the span with a caret under it.
    pub fn snippet(&self, span: Span) -> Option<String> {
        let f = self.get(span.file)?;
        let (line, col) = f.line_col(span.start);
        let text = f.line_text(line);
        let gutter = line.to_string();
        let pad = " ".repeat(gutter.len());
        let (end_line, end_col) = f.line_col(span.end);
        let width = if end_line == line && end_col > col {
            (end_col - col) as usize
        } else {
            1
        };
        Some(format!(
            "{pad} |\n{gutter} | {text}\n{pad} | {}{}",
            " ".repeat(col.saturating_sub(1) as usize),
            "^".repeat(width.min(120))
        ))
    }
}

/// Path as shown to users: forward slashes, no leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let f = SourceFile::new("a.tf".into(), "ab\ncdé\nx");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(7), (2, 4));
        assert_eq!(f.line_col(8), (3, 1));
        assert_eq!(f.line_text(2), "cdé");
    }

    #[test]
    fn snippet_points_at_span() {
        let mut m = SourceMap::new();
        let id = m.add(SourceFile::new("main.tf".into(), "x = 1\ny = oops\n"));
        let s = m.snippet(Span::new(id, 10..14)).unwrap();
        assert!(s.contains("2 | y = oops"), "{s}");
        assert!(s.ends_with("    ^^^^"), "{s}");
    }
}
