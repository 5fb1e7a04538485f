//! Rubrics offered as templates, copied to a node as its own rubric: the five "过硬" standards
//! for party organizations (滨海's evaluation standard: 领导班子、党员队伍、党内生活、工作业绩、
//! 基础保障 过硬, 20 points each), the 书记工作室 rubric (the studios' four roles in the seeds:
//! 带教培养、创新研究、交流互动、品牌引领) and the grid-worker rubric (金/银/铜网格员).

use super::rubric::{IndicatorInput, RubricInput};

/// A template: its code, its names in Chinese and English.
pub const TEMPLATES: [(&str, &str, &str); 3] = [
    (
        "five_standards",
        "“五个过硬”党组织评价标准",
        "Five standards for party organizations",
    ),
    (
        "studio",
        "书记工作室考核评价细则",
        "Secretary studio evaluation",
    ),
    ("grid_worker", "网格员星级评定细则", "Grid worker rating"),
];

/// One line of a template: key, parent key, title, kind, maximum, figure and full marks.
type Line = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const FIVE_STANDARDS: &[Line] = &[
    ("1", "", "领导班子过硬", "", "", "", ""),
    (
        "1.1",
        "1",
        "支部书记政治素质好、履职能力强",
        "scored",
        "8",
        "",
        "",
    ),
    (
        "1.2",
        "1",
        "班子成员配备齐全、分工明确",
        "scored",
        "6",
        "",
        "",
    ),
    (
        "1.3",
        "1",
        "班子成员带头参加组织生活",
        "scored",
        "6",
        "",
        "",
    ),
    ("2", "", "党员队伍过硬", "", "", "", ""),
    ("2.1", "2", "党员教育培训全覆盖", "scored", "7", "", ""),
    (
        "2.2",
        "2",
        "按计划发展党员",
        "automatic",
        "6",
        "people.recruited",
        "1",
    ),
    (
        "2.3",
        "2",
        "党员先锋模范作用发挥明显",
        "scored",
        "7",
        "",
        "",
    ),
    ("3", "", "党内生活过硬", "", "", "", ""),
    (
        "3.1",
        "3",
        "“三会一课”按期召开、记录完整",
        "scored",
        "8",
        "",
        "",
    ),
    ("3.2", "3", "主题党日活动每月开展", "scored", "6", "", ""),
    (
        "3.3",
        "3",
        "组织生活会和民主评议党员规范",
        "scored",
        "6",
        "",
        "",
    ),
    ("4", "", "工作业绩过硬", "", "", "", ""),
    (
        "4.1",
        "4",
        "围绕中心工作服务企业发展",
        "scored",
        "7",
        "",
        "",
    ),
    ("4.2", "4", "为民服务办实事", "scored", "7", "", ""),
    ("4.3", "4", "上级部署任务按时完成", "scored", "6", "", ""),
    ("5", "", "基础保障过硬", "", "", "", ""),
    ("5.1", "5", "活动阵地规范、标识统一", "scored", "7", "", ""),
    ("5.2", "5", "党建工作经费落实", "scored", "6", "", ""),
    ("5.3", "5", "党务工作者持证上岗", "scored", "7", "", ""),
    ("6", "", "创新做法被上级推广", "bonus", "5", "", ""),
    (
        "7",
        "",
        "发生违纪违法或造成重大不良影响",
        "veto",
        "",
        "",
        "",
    ),
];

const STUDIO: &[Line] = &[
    ("1", "", "带教培养", "scored", "30", "", ""),
    ("2", "", "创新研究", "scored", "25", "", ""),
    ("3", "", "交流互动", "scored", "20", "", ""),
    ("4", "", "品牌引领", "scored", "25", "", ""),
    ("5", "", "成果获市级以上推广", "bonus", "5", "", ""),
];

const GRID_WORKER: &[Line] = &[
    (
        "1",
        "",
        "基础信息采集准确、及时更新",
        "scored",
        "25",
        "",
        "",
    ),
    (
        "2",
        "",
        "走访企业和群众",
        "automatic",
        "25",
        "request.visits",
        "20",
    ),
    ("3", "", "矛盾纠纷化解", "scored", "25", "", ""),
    ("4", "", "群众满意度", "scored", "25", "", ""),
    ("5", "", "工作失职被通报", "deduction", "10", "", ""),
];

/// The template `code` as a rubric body for the node `node_id`, in Chinese; none for an
/// unknown code.
pub fn template(code: &str, node_id: i64) -> Option<RubricInput> {
    let (lines, name) = match code {
        "five_standards" => (FIVE_STANDARDS, TEMPLATES[0].1),
        "studio" => (STUDIO, TEMPLATES[1].1),
        "grid_worker" => (GRID_WORKER, TEMPLATES[2].1),
        _ => return None,
    };
    let indicators = lines
        .iter()
        .map(
            |(key, parent, title, kind, max, figure, full_at)| IndicatorInput {
                key: key.to_string(),
                parent: parent.to_string(),
                title: title.to_string(),
                kind: kind.to_string(),
                max: max.to_string(),
                figure: figure.to_string(),
                full_at: full_at.to_string(),
                ..Default::default()
            },
        )
        .collect();
    Some(RubricInput {
        node_id: node_id.to_string(),
        name: name.to_string(),
        description: String::new(),
        indicators,
    })
}
