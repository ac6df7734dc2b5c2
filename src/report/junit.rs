//! The `junit` audit format: JUnit XML for CI test-report views (GitLab,
//! Jenkins, Azure Pipelines, GitHub test reporters).
//!
//! One `<testsuite>` per policy that ran, named `ID: title`, in policy-id
//! order. Inside it, one `<testcase>` per (policy, resource) pair that has
//! findings (`classname` = policy id, `name` = resource address, `file` and
//! `line` of its first finding): a `<failure>` when any of the pair's findings
//! is unsuppressed (type = severity, every finding's location and message in
//! the body), `<skipped>` when all of them are suppressed. A policy with no
//! unsuppressed finding also gets one passing testcase, `no findings`, so
//! passing policies show as passed. Load errors form a last suite, `chkmate`,
//! with one `<testcase>` holding an `<error>` each. Undecided checks are not
//! test results and are not listed (they are in the json and table outputs).

use super::audit::{file_line, saving_text, suppression_kind, AuditReport, PolicyMeta};
use crate::finding::Finding;
use crate::source::Location;
use std::io::{self, Write};

/// Escapes text for XML attribute values and content; characters XML 1.0
/// cannot carry (most C0 controls) become U+FFFD.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes for an attribute value: like [`xml_escape`], and line breaks and
/// tabs as character references so parsers keep them.
fn attr(s: &str) -> String {
    xml_escape(s)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

/// The findings of one (policy, resource) pair.
struct Case<'a> {
    resource: &'a str,
    items: Vec<(&'a Finding, Option<&'a Location>)>,
}

impl Case<'_> {
    fn failing(&self) -> bool {
        self.items.iter().any(|(f, _)| !f.is_suppressed())
    }
}

struct Suite<'a> {
    policy: &'a PolicyMeta,
    cases: Vec<Case<'a>>,
}

impl Suite<'_> {
    fn failures(&self) -> usize {
        self.cases.iter().filter(|c| c.failing()).count()
    }
    fn skipped(&self) -> usize {
        self.cases.iter().filter(|c| !c.failing()).count()
    }
    /// Testcases, the passing `no findings` case included.
    fn tests(&self) -> usize {
        self.cases.len() + usize::from(self.failures() == 0)
    }
}

fn suites(report: &AuditReport) -> Vec<Suite<'_>> {
    let mut suites: Vec<Suite<'_>> = report
        .policies
        .iter()
        .map(|p| Suite {
            policy: p,
            cases: Vec::new(),
        })
        .collect();
    for (f, loc) in report.entries() {
        let Ok(i) = report
            .policies
            .binary_search_by(|p| p.id.as_str().cmp(&f.policy_id))
        else {
            continue; // AuditReport::new lists every policy a finding refers to.
        };
        let Some(suite) = suites.get_mut(i) else {
            continue;
        };
        match suite
            .cases
            .iter_mut()
            .find(|c| c.resource == f.resource_address)
        {
            Some(c) => c.items.push((f, loc)),
            None => suite.cases.push(Case {
                resource: &f.resource_address,
                items: vec![(f, loc)],
            }),
        }
    }
    suites
}

fn finding_line(f: &Finding, loc: Option<&Location>) -> String {
    let mut line = format!("{} [{}] {}", file_line(loc), f.severity, f.message);
    if let Some(s) = saving_text(f) {
        line.push_str(&format!(" ({s})"));
    }
    if let Some(s) = &f.suppressed {
        line.push_str(&format!(" [suppressed: {}", suppression_kind(s.kind)));
        if let Some(r) = &s.reason {
            line.push_str(&format!(", {r}"));
        }
        line.push(']');
    }
    line
}

fn write_case(w: &mut dyn Write, policy: &PolicyMeta, case: &Case<'_>) -> io::Result<()> {
    let first_loc = case.items.iter().find_map(|(_, l)| *l);
    let mut attrs = format!(
        "classname=\"{}\" name=\"{}\"",
        attr(&policy.id),
        attr(case.resource)
    );
    if let Some(l) = first_loc {
        attrs.push_str(&format!(" file=\"{}\" line=\"{}\"", attr(&l.file), l.line));
    }
    writeln!(w, "    <testcase {attrs}>")?;
    // Findings are in report order (most severe first): the first unsuppressed
    // one is the worst.
    if let Some((worst, _)) = case.items.iter().find(|(f, _)| !f.is_suppressed()) {
        let body: Vec<String> = case
            .items
            .iter()
            .map(|(f, l)| finding_line(f, *l))
            .collect();
        writeln!(
            w,
            "      <failure message=\"{}\" type=\"{}\">{}</failure>",
            attr(&worst.message),
            worst.severity,
            xml_escape(&body.join("\n"))
        )?;
    } else {
        let reasons: Vec<String> = case
            .items
            .iter()
            .filter_map(|(f, _)| f.suppressed.as_ref())
            .map(|s| match &s.reason {
                Some(r) => format!("{}: {r}", suppression_kind(s.kind)),
                None => suppression_kind(s.kind).to_string(),
            })
            .collect();
        writeln!(
            w,
            "      <skipped message=\"suppressed ({})\"/>",
            attr(&reasons.join("; "))
        )?;
    }
    writeln!(w, "    </testcase>")
}

/// Writes the JUnit XML document.
pub fn render(report: &AuditReport, w: &mut dyn Write) -> io::Result<()> {
    let suites = suites(report);
    let errors = report.errors.len();
    let tests: usize = suites.iter().map(Suite::tests).sum::<usize>() + errors;
    let failures: usize = suites.iter().map(Suite::failures).sum();
    let skipped: usize = suites.iter().map(Suite::skipped).sum();
    writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        w,
        "<testsuites name=\"chkmate audit\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">"
    )?;
    for s in &suites {
        let p = s.policy;
        writeln!(
            w,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
            attr(&format!("{}: {}", p.id, p.title)),
            s.tests(),
            s.failures(),
            s.skipped()
        )?;
        writeln!(w, "    <properties>")?;
        writeln!(
            w,
            "      <property name=\"severity\" value=\"{}\"/>",
            p.severity
        )?;
        writeln!(
            w,
            "      <property name=\"category\" value=\"{}\"/>",
            p.category
        )?;
        writeln!(w, "    </properties>")?;
        for c in &s.cases {
            write_case(w, p, c)?;
        }
        if s.failures() == 0 {
            writeln!(
                w,
                "    <testcase classname=\"{}\" name=\"no findings\"/>",
                attr(&p.id)
            )?;
        }
        writeln!(w, "  </testsuite>")?;
    }
    if errors > 0 {
        writeln!(
            w,
            "  <testsuite name=\"chkmate\" tests=\"{errors}\" failures=\"0\" errors=\"{errors}\" skipped=\"0\">"
        )?;
        for e in &report.errors {
            let name = match (&e.file, e.line) {
                (Some(f), Some(l)) => format!("load {f}:{l}"),
                (Some(f), None) => format!("load {f}"),
                _ => "load".to_string(),
            };
            let mut attrs = format!("classname=\"chkmate\" name=\"{}\"", attr(&name));
            if let Some(f) = &e.file {
                attrs.push_str(&format!(" file=\"{}\"", attr(f)));
                if let Some(l) = e.line {
                    attrs.push_str(&format!(" line=\"{l}\""));
                }
            }
            writeln!(w, "    <testcase {attrs}>")?;
            writeln!(
                w,
                "      <error message=\"{}\" type=\"load-error\">{}</error>",
                attr(&e.message),
                xml_escape(&e.display())
            )?;
            writeln!(w, "    </testcase>")?;
        }
        writeln!(w, "  </testsuite>")?;
    }
    writeln!(w, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            xml_escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(xml_escape("x\u{1}y"), "x\u{FFFD}y");
        assert_eq!(attr("a\nb"), "a&#10;b");
    }
}
