#![allow(clippy::unwrap_used)]

use super::*;
use crate::model::{Date, Location, PayPeriod, Salary};

fn posting(id: &str, title: &str, text: &str) -> Posting {
    let mut p = Posting::new(id, title);
    p.description = Some(text.into());
    p.employer = Some("E1".into());
    p.location = Some(Location {
        code: Some("220102".into()),
        ..Location::default()
    });
    p.salary = Some(Salary {
        min: Some(4000.0),
        max: Some(6000.0),
        period: PayPeriod::Month,
    });
    p.expires_at = Date::from_ymd(2027, 1, 1);
    p
}

fn kinds(title: &str, text: &str) -> Vec<FlagKind> {
    PostingChecks::of(&posting("P1", title, text)).kinds()
}

#[test]
fn flags_each_kind() {
    assert_eq!(
        kinds("司机", "负责公司车辆驾驶，限男性。"),
        vec![FlagKind::Gender]
    );
    assert_eq!(
        kinds("前台", "接待来访客人。女性优先。"),
        vec![FlagKind::Gender]
    );
    assert_eq!(
        kinds("会计", "负责做账报税，要求已婚已育。"),
        vec![FlagKind::Marital]
    );
    assert_eq!(
        kinds("保安", "门岗值守，限汉族。"),
        vec![FlagKind::Ethnicity]
    );
    assert_eq!(
        kinds("文员", "录入资料，限本地户口。"),
        vec![FlagKind::Hukou]
    );
    assert_eq!(
        kinds("厨师", "负责热菜制作，乙肝携带者勿扰。"),
        vec![FlagKind::Health]
    );
    assert_eq!(
        kinds("销售", "开发客户，年龄35岁以下。"),
        vec![FlagKind::Age]
    );
    assert_eq!(
        kinds("普工", "流水线作业，入职交押金200元。"),
        vec![FlagKind::Fee]
    );
    assert_eq!(
        kinds("学徒", "招转培，先学后付，可办理培训贷。"),
        vec![FlagKind::TrainingLoan]
    );
    assert_eq!(
        kinds("兼职", "打字员，日结过万，保录取。"),
        vec![FlagKind::UnrealisticPromise]
    );
    assert_eq!(
        kinds("Driver", "Deliver parcels. Male only, under 35."),
        vec![FlagKind::Gender, FlagKind::Age]
    );
}

#[test]
fn near_misses_are_not_flagged() {
    for text in [
        "负责收银，男女不限。",
        "不限户口，外地员工提供住宿。",
        "无需押金，不收取任何费用。",
        "Female workers welcome. Duties: packing and labelling.",
        "公司提供免费技能培训，培训期间带薪。",
        "年满18周岁，身体健康，持有健康证。",
        "少数民族优先，懂朝鲜语者优先。",
        "体检费用公司承担。",
        "负责小区物业服务、费用收缴和业主沟通。",
    ] {
        assert_eq!(kinds("岗位", text), Vec::<FlagKind>::new(), "{text}");
    }
}

#[test]
fn lawful_exception_excuses_men_only_underground() {
    let c = PostingChecks::of(&posting("P1", "井下采煤工", "煤矿井下采掘作业，限男性。"));
    assert!(c.flags.is_empty(), "{:?}", c.flags);
    assert_eq!(c.exceptions.len(), 1);
    // A restriction to women is never excused.
    let c = PostingChecks::of(&posting("P1", "井下采煤工", "煤矿井下作业，限女性。"));
    assert_eq!(c.kinds(), vec![FlagKind::Gender]);
}

#[test]
fn modes() {
    let p = posting("P1", "普工", "入职交押金200元。");
    let mut c = PostingChecks::of(&p);
    assert!(c.withheld);
    c.finish(CheckMode::FlagOnly);
    assert!(!c.withheld && !c.flags.is_empty());
    c.finish(CheckMode::Off);
    assert!(!c.withheld && c.flags.is_empty());
}

#[test]
fn duplicates_keep_the_lowest_id() {
    let text = "负责车间设备的日常维护与保养，完成主管交办的其他工作，按时填写点检记录。";
    let a = posting("P3", "【急聘】设备维修工", text);
    let b = posting("P1", "设备维修工", &format!("{text} "));
    let c = posting(
        "P2",
        "设备维修工",
        "负责销售与客户维护，完成月度销售指标，参加公司组织的业务培训。",
    );
    let report = check_postings(&[a, b, c], &[], CheckMode::Withhold);
    let flagged: Vec<&str> = report
        .postings
        .iter()
        .filter(|r| r.flags.iter().any(|f| f.kind == FlagKind::Duplicate))
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(flagged, vec!["P3"]);
}

#[test]
fn pay_outliers_use_robust_ranges() {
    let mut all: Vec<Posting> = (0..20)
        .map(|i| {
            let mut p = posting(
                &format!("P{i:02}"),
                "普工",
                "流水线装配作业，按要求完成生产任务。",
            );
            p.employer = Some(format!("E{i}"));
            p.occupation = Some("6-01-01-01".into());
            p.salary = Some(Salary {
                min: Some(3500.0 + 50.0 * f64::from(i)),
                max: Some(4500.0 + 50.0 * f64::from(i)),
                period: PayPeriod::Month,
            });
            p
        })
        .collect();
    all[3].salary = Some(Salary {
        min: Some(3000.0),
        max: Some(3000.0),
        period: PayPeriod::Day,
    });
    let report = check_postings(&all, &[], CheckMode::Withhold);
    let flagged: Vec<&str> = report
        .postings
        .iter()
        .filter(|r| r.flags.iter().any(|f| f.kind == FlagKind::PayOutlier))
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(flagged, vec!["P03"]);
}
