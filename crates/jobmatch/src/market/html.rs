//! The HTML page: a self-contained SVG heat map of region × occupation
//! tightness, and the city table.

use std::fmt::Write as _;

use super::{Cell, MarketStats, Row};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Colour of a ratio of openings per seeker: blue where seekers outnumber
/// openings, white at balance, red where openings outnumber seekers (log
/// scale, saturated at 1/8 and 8; seekers without any opening are the
/// darkest blue, openings without any seeker the darkest red); grey when the
/// cell has neither.
pub(super) fn colour(cell: &Cell) -> String {
    let ratio = match (cell.seekers, cell.openings) {
        (0, 0) => return "#e0e0e0".to_string(),
        (0, _) => return "#b2182b".to_string(),
        (_, 0) => return "#2166ac".to_string(),
        (s, o) => o as f64 / s as f64,
    };
    let t = (ratio.log2() / 3.0).clamp(-1.0, 1.0);
    let (r, g, b) = if t >= 0.0 {
        // white → red
        (
            255.0 - t * (255.0 - 178.0),
            255.0 - t * (255.0 - 24.0),
            255.0 - t * (255.0 - 43.0),
        )
    } else {
        let t = -t;
        // white → blue
        (
            255.0 - t * (255.0 - 33.0),
            255.0 - t * (255.0 - 102.0),
            255.0 - t * (255.0 - 172.0),
        )
    };
    format!(
        "#{:02x}{:02x}{:02x}",
        r.round() as u8,
        g.round() as u8,
        b.round() as u8
    )
}

fn label(code: &str, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{code} {n}"),
        None => code.to_string(),
    }
}

/// A self-contained HTML page: the heat map of openings per seeker by city ×
/// occupation major group (inline SVG, a tooltip per cell with every figure),
/// and the city table. No script, no external resource.
pub fn heatmap_html(stats: &MarketStats, title: &str) -> String {
    let rows: Vec<&Row> = stats.rows_at("city", "all").collect();
    let mut occupations: Vec<(String, Option<String>)> = Vec::new();
    for c in stats.rows_at("city", "major") {
        if !occupations.iter().any(|(o, _)| *o == c.occupation) {
            occupations.push((c.occupation.clone(), c.occupation_name.clone()));
        }
    }
    // China's groups, then ISCO groups, then the catch-all.
    occupations.sort_by_key(|(o, _)| (o.starts_with('('), o.starts_with("isco"), o.clone()));
    let cell_of = |region: &str, occupation: &str| {
        stats
            .rows_at("city", "major")
            .find(|r| r.region == region && r.occupation == occupation)
            .map(|r| r.cell.clone())
            .unwrap_or_default()
    };
    let (cw, ch, left, top) = (92.0, 30.0, 250.0, 150.0);
    let width = left + cw * occupations.len() as f64 + 20.0;
    let height = top + ch * rows.len() as f64 + 70.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12" role="img" aria-label="openings per seeker by city and occupation">"#
    );
    for (j, (code, name)) in occupations.iter().enumerate() {
        let x = left + cw * j as f64 + cw / 2.0;
        let _ = write!(
            svg,
            r#"<text transform="translate({x},{}) rotate(-35)" text-anchor="start">{}</text>"#,
            top - 8.0,
            escape(&label(
                code,
                name.as_deref()
                    .map(|n| n.chars().take(10).collect::<String>())
                    .as_deref()
            ))
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let y = top + ch * i as f64;
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            left - 8.0,
            y + ch / 2.0 + 4.0,
            escape(&label(&r.region, r.region_name.as_deref()))
        );
        for (j, (code, name)) in occupations.iter().enumerate() {
            let c = cell_of(&r.region, code);
            let x = left + cw * j as f64;
            let ratio = c.ratio.map_or("-".to_string(), |x| format!("{x:.2}"));
            let _ = write!(
                svg,
                r#"<rect x="{x}" y="{y}" width="{}" height="{}" fill="{}" stroke="white"><title>{}: {} postings, {} openings, {} seekers, openings/seeker {}, unfilled {}, unserved {}</title></rect>"#,
                cw - 1.0,
                ch - 1.0,
                colour(&c),
                escape(&format!(
                    "{} × {}",
                    label(&r.region, r.region_name.as_deref()),
                    label(code, name.as_deref())
                )),
                c.postings,
                c.openings,
                c.seekers,
                ratio,
                c.unfilled_postings,
                c.unserved_seekers
            );
            if c.postings + c.seekers > 0 {
                let ratio = if c.seekers == 0 {
                    "∞".to_string()
                } else {
                    ratio.clone()
                };
                let _ = write!(
                    svg,
                    r#"<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>"#,
                    x + cw / 2.0,
                    y + ch / 2.0 + 4.0,
                    ratio
                );
            }
        }
    }
    // Legend.
    let ly = top + ch * rows.len() as f64 + 25.0;
    for (k, (text, ratio)) in [
        ("1/8", 0.125),
        ("1/4", 0.25),
        ("1/2", 0.5),
        ("1", 1.0),
        ("2", 2.0),
        ("4", 4.0),
        ("8", 8.0),
    ]
    .iter()
    .enumerate()
    {
        let x = left + 50.0 * k as f64;
        let c = Cell {
            ratio: Some(*ratio),
            seekers: 1000,
            openings: (*ratio * 1000.0) as u64,
            ..Cell::default()
        };
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="{ly}" width="48" height="14" fill="{}" stroke="gray"/><text x="{}" y="{}" text-anchor="middle">{text}</text>"#,
            colour(&c),
            x + 24.0,
            ly + 28.0
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="end">openings per seeker</text>"#,
        left - 8.0,
        ly + 11.0
    );
    svg.push_str("</svg>");

    let mut table = String::from(
        "<table><thead><tr><th>city</th><th>postings</th><th>openings</th><th>seekers</th><th>openings/seeker</th><th>unfilled postings</th><th>unserved seekers</th></tr></thead><tbody>",
    );
    let tr = |label: &str, c: &Cell| {
        format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(label),
            c.postings,
            c.openings,
            c.seekers,
            c.ratio.map_or("-".to_string(), |x| format!("{x:.2}")),
            c.unfilled_postings,
            c.unserved_seekers
        )
    };
    for r in &rows {
        table.push_str(&tr(&label(&r.region, r.region_name.as_deref()), &r.cell));
    }
    table.push_str(&tr("total", &stats.total));
    table.push_str("</tbody></table>");
    let push = match &stats.last_push {
        Some(p) => format!(
            "last push: {}",
            escape(
                &p.date
                    .map(|d| d.to_string())
                    .or_else(|| p.dir.clone())
                    .unwrap_or_default()
            )
        ),
        None => "no push found: the unfilled and unserved columns are 0".to_string(),
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{t}</title>
<style>body{{font-family:sans-serif;margin:1.5em;color:#222}} table{{border-collapse:collapse;margin-top:1em}} td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}} td:first-child,th:first-child{{text-align:left}}</style>
</head><body>
<h1>{t}</h1>
<p>Date {date}; {push}. Live postings and their openings by workplace; seekers by the region and occupation they want.
Cells show openings per seeker: red = more openings than seekers (short of people), blue = more seekers than openings (short of jobs), grey = neither.
Hover a cell for every figure.</p>
{svg}
{table}
</body></html>
"#,
        t = escape(title),
        date = stats.as_of,
    )
}
