//! What a chart draws, for every area's charts (`assets/charts.js` draws them with ECharts):
//! labels and series, with the data table the figure carries beside the drawing.

use serde::Serialize;

/// One series of a chart: its name, how it is drawn, and one value per label.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Series {
    /// The series' name in the caller's language.
    pub name: String,
    /// `bar`, `line` or `pie`.
    pub kind: &'static str,
    /// `%` for a rate (drawn against a 0–100 axis), empty for a count.
    pub unit: &'static str,
    /// One value per label; null where a rate has nothing to measure.
    pub data: Vec<Option<f64>>,
}

impl Series {
    /// Counts drawn as `kind`.
    pub fn counts(name: &str, kind: &'static str, values: impl IntoIterator<Item = u64>) -> Self {
        Series {
            name: name.to_string(),
            kind,
            unit: "",
            data: values.into_iter().map(|n| Some(n as f64)).collect(),
        }
    }

    /// The value at `i` as the data table shows it.
    pub fn cell(&self, i: usize) -> String {
        match self.data.get(i).copied().flatten() {
            Some(v) => format!("{v}{}", self.unit),
            None => "—".to_string(),
        }
    }
}

/// A chart's labels and series.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Chart {
    /// What the chart shows, unique on its page (e.g. `trend`).
    pub key: &'static str,
    /// The kind of chart: `line` (a trend), `bar` (a comparison) or `pie` (a distribution).
    pub kind: &'static str,
    pub title: String,
    /// What the labels are (the data table's first column heading).
    pub label_name: String,
    pub labels: Vec<String>,
    pub series: Vec<Series>,
}

impl Chart {
    /// The data table: each label with its series' values as shown.
    pub fn rows(&self) -> Vec<(&str, Vec<String>)> {
        self.labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), self.series.iter().map(|s| s.cell(i)).collect()))
            .collect()
    }

    /// The chart as JSON to sit inside a page's `<script type="application/json">`: a `<`
    /// is written as its escape, so no text in a label can close the element.
    pub fn inline_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_default()
            .replace('<', "\\u003c")
    }

    /// True when no series has a value above zero: nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.series
            .iter()
            .all(|s| s.data.iter().all(|v| v.unwrap_or(0.0) == 0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_cannot_close_the_script_element_it_sits_in() {
        let c = Chart {
            key: "k",
            kind: "bar",
            title: "t".into(),
            label_name: "n".into(),
            labels: vec!["</script><b>".into()],
            series: vec![Series::counts("s", "bar", [3])],
        };
        let j = c.inline_json();
        assert!(!j.contains('<'), "{j}");
        let back: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(back["labels"][0], "</script><b>");
        assert_eq!(c.rows(), vec![("</script><b>", vec!["3".to_string()])]);
        assert!(!c.is_empty());
    }
}
