//! A self-contained HTML report of a [`Benchmark`] with inline SVG charts.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jobmatch_eval::{Goal, MetricTable};

use super::{Benchmark, CURVE_MAX_K};
use crate::error::{Error, Result};

const COLORS: [&str; 8] = [
    "#d62728", "#7f7f7f", "#ff7f0e", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
];
const GRADE_COLORS: [&str; 5] = ["#9e9e9e", "#9ecae1", "#4292c6", "#08519c", "#08306b"];

/// Writes `index.html` into `dir` (created if needed) and returns its path.
///
/// The page holds the tables and three charts: mean nDCG@k for k = 1..20 per
/// method, the engine's score distribution of judged pairs by grade, and the
/// Lorenz curve of top-10 exposure per method. No script, no external file.
pub fn write_report(benchmark: &Benchmark, dir: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let path = dir.join("index.html");
    let html = render(benchmark)?;
    let tmp = dir.join(".index.html.tmp");
    std::fs::write(&tmp, html).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    Ok(path)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html_table(table: &MetricTable) -> String {
    let mut out = String::from("<table><thead><tr><th>method</th>");
    for c in table.columns() {
        let _ = write!(out, "<th>{}</th>", esc(&c.name));
    }
    out.push_str("</tr></thead><tbody>");
    let best: Vec<Vec<usize>> = (0..table.columns().len())
        .map(|c| table.best_rows(c))
        .collect();
    for (r, row) in table.rows().iter().enumerate() {
        let _ = write!(out, "<tr><td class=m>{}</td>", esc(&row.method));
        for (c, v) in row.values.iter().enumerate() {
            let col = &table.columns()[c];
            let text = match v {
                Some(x) if x.is_finite() => format!("{:.*}", col.decimals, x),
                _ => "–".to_string(),
            };
            if best[c].contains(&r) && col.goal != Goal::Neither {
                let _ = write!(out, "<td class=best>{text}</td>");
            } else {
                let _ = write!(out, "<td>{text}</td>");
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

struct Series {
    name: String,
    color: &'static str,
    points: Vec<(f64, f64)>,
    dashed: bool,
    width: f64,
}

struct Axes {
    x: (f64, f64),
    y: (f64, f64),
    x_ticks: Vec<f64>,
    y_ticks: Vec<f64>,
    x_label: String,
    y_label: String,
    x_decimals: usize,
    y_decimals: usize,
}

const W: f64 = 660.0;
const H: f64 = 360.0;
const ML: f64 = 60.0;
const MR: f64 = 250.0;
const MT: f64 = 20.0;
const MB: f64 = 50.0;

fn line_chart(axes: &Axes, series: &[Series]) -> String {
    let pw = W - ML - MR;
    let ph = H - MT - MB;
    let sx = |x: f64| ML + (x - axes.x.0) / (axes.x.1 - axes.x.0) * pw;
    let sy = |y: f64| MT + ph - (y - axes.y.0) / (axes.y.1 - axes.y.0) * ph;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">"#
    );
    for &t in &axes.y_ticks {
        let y = sy(t);
        let _ = write!(
            s,
            r##"<line x1="{ML}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#e5e5e5"/><text x="{:.1}" y="{:.1}" text-anchor="end">{:.*}</text>"##,
            ML + pw,
            ML - 6.0,
            y + 4.0,
            axes.y_decimals,
            t
        );
    }
    for &t in &axes.x_ticks {
        let x = sx(t);
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" x2="{x:.1}" y1="{MT}" y2="{:.1}" stroke="#f0f0f0"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{:.*}</text>"##,
            MT + ph,
            MT + ph + 16.0,
            axes.x_decimals,
            t
        );
    }
    let _ = write!(
        s,
        r##"<rect x="{ML}" y="{MT}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>"##
    );
    let _ = write!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
        ML + pw / 2.0,
        H - 10.0,
        esc(&axes.x_label)
    );
    let _ = write!(
        s,
        r#"<text transform="translate(16,{:.1}) rotate(-90)" text-anchor="middle">{}</text>"#,
        MT + ph / 2.0,
        esc(&axes.y_label)
    );
    for (i, se) in series.iter().enumerate() {
        let pts: Vec<String> = se
            .points
            .iter()
            .map(|&(x, y)| format!("{:.1},{:.1}", sx(x), sy(y.clamp(axes.y.0, axes.y.1))))
            .collect();
        let dash = if se.dashed {
            r#" stroke-dasharray="5,4""#
        } else {
            ""
        };
        let _ = write!(
            s,
            r#"<polyline fill="none" stroke="{}" stroke-width="{}"{dash} points="{}"/>"#,
            se.color,
            se.width,
            pts.join(" ")
        );
        let ly = MT + 10.0 + 20.0 * i as f64;
        let lx = ML + pw + 12.0;
        let _ = write!(
            s,
            r#"<line x1="{lx}" x2="{:.1}" y1="{ly:.1}" y2="{ly:.1}" stroke="{}" stroke-width="{}"{dash}/><text x="{:.1}" y="{:.1}">{}</text>"#,
            lx + 22.0,
            se.color,
            se.width,
            lx + 28.0,
            ly + 4.0,
            esc(&se.name)
        );
    }
    s.push_str("</svg>");
    s
}

fn nice_max(v: f64) -> f64 {
    let steps = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0];
    steps.into_iter().find(|&s| v <= s).unwrap_or(1.0)
}

fn ticks(max: f64, n: usize) -> Vec<f64> {
    (0..=n).map(|i| max * i as f64 / n as f64).collect()
}

fn ndcg_chart(b: &Benchmark) -> String {
    let top = b
        .methods
        .iter()
        .flat_map(|m| m.ndcg_curve.iter().copied())
        .fold(0.0f64, f64::max);
    let ymax = nice_max(top * 1.05);
    let series: Vec<Series> = b
        .methods
        .iter()
        .enumerate()
        .map(|(i, m)| Series {
            name: m.method.clone(),
            color: COLORS[i % COLORS.len()],
            points: m
                .ndcg_curve
                .iter()
                .enumerate()
                .map(|(k, &v)| ((k + 1) as f64, v))
                .collect(),
            dashed: false,
            width: if i == 0 { 3.0 } else { 1.8 },
        })
        .collect();
    line_chart(
        &Axes {
            x: (1.0, CURVE_MAX_K as f64),
            y: (0.0, ymax),
            x_ticks: vec![1.0, 5.0, 10.0, 15.0, 20.0],
            y_ticks: ticks(ymax, 5),
            x_label: "cutoff k".into(),
            y_label: "mean nDCG@k".into(),
            x_decimals: 0,
            y_decimals: 2,
        },
        &series,
    )
}

fn score_chart(b: &Benchmark) -> String {
    let h = &b.scores;
    let bins = h.bins.max(1);
    let densities: Vec<(u32, Vec<f64>)> = h
        .counts
        .iter()
        .map(|(&g, counts)| {
            let total: u64 = counts.iter().sum();
            let d = counts
                .iter()
                .map(|&c| c as f64 / total.max(1) as f64)
                .collect();
            (g, d)
        })
        .collect();
    let top = densities
        .iter()
        .flat_map(|(_, d)| d.iter().copied())
        .fold(0.0f64, f64::max);
    let ymax = nice_max(top * 1.05);
    let width = 1.0 / bins as f64;
    let series: Vec<Series> = densities
        .iter()
        .map(|(g, d)| {
            // A step line: flat over each bin.
            let mut points = Vec::with_capacity(2 * bins);
            for (i, &v) in d.iter().enumerate() {
                points.push((i as f64 * width, v));
                points.push(((i + 1) as f64 * width, v));
            }
            let n: u64 = h.counts.get(g).map_or(0, |c| c.iter().sum());
            let mean = h.means.get(g).copied().unwrap_or(0.0);
            Series {
                name: format!(
                    "grade {g}{}: n={n}, mean {mean:.2}",
                    if *g == 0 { " (not rel.)" } else { "" }
                ),
                color: GRADE_COLORS[(*g as usize).min(GRADE_COLORS.len() - 1)],
                points,
                dashed: *g == 0,
                width: 2.0,
            }
        })
        .collect();
    line_chart(
        &Axes {
            x: (0.0, 1.0),
            y: (0.0, ymax),
            x_ticks: ticks(1.0, 5),
            y_ticks: ticks(ymax, 5),
            x_label: "engine score".into(),
            y_label: "share of the grade's pairs".into(),
            x_decimals: 1,
            y_decimals: 2,
        },
        &series,
    )
}

fn lorenz_chart(b: &Benchmark) -> String {
    let mut series: Vec<Series> = b
        .methods
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let n = m.exposure.len();
            let total: usize = m.exposure.iter().sum();
            let mut points = vec![(0.0, 0.0)];
            let mut cum = 0usize;
            // At most ~200 points per curve.
            let step = (n / 200).max(1);
            for (j, &c) in m.exposure.iter().enumerate() {
                cum += c;
                if (j + 1) % step == 0 || j + 1 == n {
                    points.push((
                        (j + 1) as f64 / n.max(1) as f64,
                        cum as f64 / total.max(1) as f64,
                    ));
                }
            }
            let gini = m.summary.concentration.unwrap_or(0.0);
            Series {
                name: format!("{} (Gini {gini:.2})", m.method),
                color: COLORS[i % COLORS.len()],
                points,
                dashed: false,
                width: if i == 0 { 3.0 } else { 1.8 },
            }
        })
        .collect();
    series.push(Series {
        name: "equal exposure".into(),
        color: "#bbbbbb",
        points: vec![(0.0, 0.0), (1.0, 1.0)],
        dashed: true,
        width: 1.0,
    });
    line_chart(
        &Axes {
            x: (0.0, 1.0),
            y: (0.0, 1.0),
            x_ticks: ticks(1.0, 5),
            y_ticks: ticks(1.0, 5),
            x_label: "share of documents (least exposed first)".into(),
            y_label: "share of top-10 slots".into(),
            x_decimals: 1,
            y_decimals: 1,
        },
        &series,
    )
}

fn render(b: &Benchmark) -> Result<String> {
    let (query, doc) = match b.direction {
        super::Direction::Postings => ("seeker", "posting"),
        super::Direction::Seekers => ("live posting", "seeker"),
    };
    let group_label = match b.direction {
        super::Direction::Postings => "seeker group",
        super::Direction::Seekers => "posting target group",
    };
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>jobmatch eval: {dir}</title>
<style>
body {{ font-family: sans-serif; margin: 24px 32px; color: #222; max-width: 1400px; }}
h1 {{ font-size: 22px; margin-bottom: 4px; }} h2 {{ font-size: 17px; margin-top: 28px; }}
p.note {{ color: #555; font-size: 13px; margin: 4px 0 10px; max-width: 900px; }}
table {{ border-collapse: collapse; font-size: 13px; margin: 8px 0; }}
th, td {{ padding: 3px 8px; text-align: right; border-bottom: 1px solid #e3e3e3; }}
th {{ background: #f4f4f4; }} td.m {{ text-align: left; font-weight: 600; }}
td.best {{ font-weight: 700; background: #e8f5e9; }}
.charts {{ display: flex; flex-wrap: wrap; gap: 12px 24px; }}
figure {{ margin: 0; }} figcaption {{ font-size: 13px; color: #444; max-width: 640px; }}
</style></head><body>
<h1>jobmatch match-quality benchmark — direction <code>{dir}</code></h1>
<p class=note>Each {query} is a query and {doc}s are ranked for it; evaluation day {date}; top {k} per query.
{ranked} queries ranked ({skipped} judged queries skipped), {universe} {doc}s recommendable.
Every method ranks only the pairs the hard rules allow (expiry, regions, commute).
Metrics are averaged over queries with at least one relevant judgment; best value of each column highlighted.</p>
"#,
        dir = b.direction.name(),
        date = esc(&b.as_of),
        k = b.k,
        ranked = b.queries_ranked,
        skipped = b.queries_skipped,
        universe = b.universe,
    );
    html.push_str("<h2>Ranking quality and market metrics</h2>");
    html.push_str(&html_table(&b.table()));
    html.push_str("<p class=note>coverage: share of recommendable documents in at least one query's top 10; gini: concentration of top-10 exposure over documents (0 = even, 1 = all on one).</p>");
    let groups = b.group_table()?;
    if !groups.columns().is_empty() {
        let sizes = b
            .group_sizes()
            .iter()
            .map(|(t, n)| format!("{} {n}", esc(t)))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(
            html,
            "<h2>nDCG@10 by {group_label}</h2>{}<p class=note>queries per group: {sizes}</p>",
            html_table(&groups)
        );
    }
    html.push_str("<h2>Charts</h2><div class=charts>");
    let _ = write!(
        html,
        "<figure>{}<figcaption>Mean nDCG@k for k = 1..{CURVE_MAX_K}, per method (engine thick).</figcaption></figure>",
        ndcg_chart(b)
    );
    let _ = write!(
        html,
        "<figure>{}<figcaption>Engine score of judged {query}–{doc} pairs the hard rules allow, by grade: the share of each grade's pairs per score bin. Relevant pairs should sit to the right of grade 0.</figcaption></figure>",
        score_chart(b)
    );
    let _ = write!(
        html,
        "<figure>{}<figcaption>Exposure concentration (Lorenz curve): documents sorted by how many top-10 lists they appear in; the farther below the diagonal, the more concentrated.</figcaption></figure>",
        lorenz_chart(b)
    );
    html.push_str("</div></body></html>\n");
    Ok(html)
}
