//! Tests of the export writers, and the sample households they share.
mod csv_tests;
mod libreoffice;
mod memory;
mod xlsx_tests;

use super::model::{ExportHousehold, ExportMember, ExportProblem};
use crate::domain::dimension::Dimension;
use crate::domain::member::{Relation, Sex};
use crate::domain::problem::ProblemStatus;
use crate::domain::stage::Stage;

pub(super) const TITLE: &str = "ครัวเรือนเป้าหมาย จ.ศรีสะเกษ";
pub(super) const GENERATED: &str = "28 พ.ย. 2569 20:30";
/// A full 13-digit citizen id: must come back as the same text, never as a number.
pub(super) const FULL_ID: &str = "1101700203451";
pub(super) const CHILD_FIRST: &str = "ต้น \"จิ๋ว\"";
pub(super) const CHILD_LAST: &str = "ใจดี, จูเนียร์";

fn member(first: &str, last: &str, relation: Relation) -> ExportMember {
    ExportMember {
        citizen_id: None,
        prefix: None,
        first_name: first.to_string(),
        last_name: last.to_string(),
        sex: None,
        birth_date: None,
        relation,
        is_disabled: false,
        is_bedridden: false,
    }
}

fn problem(code: &str, name: &str, dimension: Dimension, status: ProblemStatus, owner: Option<&str>) -> ExportProblem {
    ExportProblem {
        indicator_code: code.to_string(),
        indicator_name_th: name.to_string(),
        dimension,
        status,
        owner_th: owner.map(str::to_string),
        opened_on: "2022-06-24".to_string(),
        closed_on: None,
    }
}

fn household(id: i64, amphoe: (&str, &str), tambon: (&str, &str)) -> ExportHousehold {
    ExportHousehold {
        id,
        amphoe_code: amphoe.0.to_string(),
        amphoe_th: amphoe.1.to_string(),
        tambon_code: tambon.0.to_string(),
        tambon_th: tambon.1.to_string(),
        moo: None,
        village_name: None,
        house_no: None,
        house_code: None,
        head_name: None,
        stage: None,
        welfare_card: false,
        lat: None,
        lon: None,
        sources: String::new(),
        members: vec![],
        problems: vec![],
    }
}

/// Three households in two amphoes: 4 members, 6 problems, 4 of them pending (3 without owner).
pub(super) fn sample() -> Vec<ExportHousehold> {
    let muang = ("3301", "เมืองศรีสะเกษ");
    let mut spouse = member("สมศรี", "ใจดี", Relation::Spouse);
    spouse.citizen_id = Some("x-xxxx-xxxxx-34-5".into());
    spouse.prefix = Some("นาง".into());
    spouse.sex = Some(Sex::Female);
    let mut head = member("สมชาย", "ใจดี", Relation::Head);
    head.citizen_id = Some(FULL_ID.into());
    head.prefix = Some("นาย".into());
    head.sex = Some(Sex::Male);
    head.birth_date = Some("1960-06-24".into());
    let mut child = member(CHILD_FIRST, CHILD_LAST, Relation::Child);
    child.birth_date = Some("2015-01-05".into());
    let mut education = problem(
        "E2",
        "เด็กอายุ 6–14 ปี ได้รับการศึกษาภาคบังคับ 9 ปี",
        Dimension::Education,
        ProblemStatus::Resolved,
        Some("ศึกษาธิการจังหวัด"),
    );
    education.closed_on = Some("2023-01-15".into());

    let mut h1 = household(1, muang, ("330101", "เมืองเหนือ"));
    h1.moo = Some(3);
    h1.village_name = Some("บ้านหนองครก".into());
    h1.house_no = Some("12/3".into());
    h1.house_code = Some("33010123456".into());
    h1.head_name = Some("นายสมชาย ใจดี".into());
    h1.stage = Some(Stage::Survive);
    h1.welfare_card = true;
    h1.lat = Some(15.118);
    h1.lon = Some(104.322);
    h1.sources = "TPMAP 2565: TPMAP65-3301-000123".into();
    h1.members = vec![spouse, head, child];
    h1.problems = vec![
        problem(
            "L1",
            "ครัวเรือนมีความมั่นคงในที่อยู่อาศัย และบ้านมีสภาพคงทนถาวร",
            Dimension::Living,
            ProblemStatus::Open,
            Some("พมจ."),
        ),
        problem(
            "H3",
            "ครัวเรือนสามารถใช้ยาเพื่อบำบัด บรรเทาอาการเจ็บป่วยเบื้องต้นอย่างเหมาะสม",
            Dimension::Health,
            ProblemStatus::InProgress,
            None,
        ),
        education,
        problem("I3", "รายได้เฉลี่ยของคนในครัวเรือนต่อปี", Dimension::Income, ProblemStatus::Open, Some("  ")),
    ];

    let mut h2 = household(2, muang, ("330102", "หญ้าปล้อง"));
    h2.moo = Some(7);
    h2.house_no = Some("45".into());
    h2.problems = vec![problem(
        "A1",
        "ผู้สูงอายุ ได้รับการดูแลจากครอบครัว ชุมชน ภาครัฐ หรือภาคเอกชน",
        Dimension::Access,
        ProblemStatus::Open,
        None,
    )];

    let mut h3 = household(3, ("3302", "ยางชุมน้อย"), ("330201", "ยางชุมน้อย"));
    h3.village_name = Some("=1+1".into());
    h3.stage = Some(Stage::Sufficient);
    let mut lone_head = member("บุญมา", "ศรีสุข", Relation::Head);
    lone_head.citizen_id = Some("3330100012345".into());
    h3.members = vec![lone_head];
    h3.problems = vec![problem(
        "H1",
        "เด็กแรกเกิดมีน้ำหนัก 2,500 กรัมขึ้นไป",
        Dimension::Health,
        ProblemStatus::NotApplicable,
        Some("สสจ."),
    )];
    vec![h1, h2, h3]
}

/// A small household for volume tests: 3 members, 2 problems (one pending without owner).
pub(super) fn small_household(i: i64) -> ExportHousehold {
    let amphoe = 3301 + i % 22;
    let mut h = household(i, (&amphoe.to_string(), "อำเภอทดสอบ"), (&format!("{amphoe}01"), "ตำบลทดสอบ"));
    h.moo = Some(1 + i % 20);
    h.house_no = Some(format!("{}/{}", i % 300, i % 7));
    h.house_code = Some(format!("{:011}", 33_010_000_000 + i));
    h.head_name = Some(format!("นายทดสอบ สกุลที่{i}"));
    h.stage = [None, Some(Stage::Survive), Some(Stage::Sufficient)][(i % 3) as usize];
    h.sources = format!("TPMAP 2565: TPMAP65-{amphoe}-{i:06}");
    let mut head = member("ทดสอบ", &format!("สกุลที่{i}"), Relation::Head);
    head.citizen_id = Some(format!("{:013}", 1_100_000_000_000 + i));
    head.birth_date = Some("1970-03-01".into());
    h.members =
        vec![head, member("สมหญิง", "สกุลทดสอบ", Relation::Spouse), member("เด็กชาย", "สกุลทดสอบ", Relation::Child)];
    h.problems = vec![
        problem(
            "L2",
            "ครัวเรือนมีน้ำสะอาดสำหรับดื่มและบริโภคเพียงพอตลอดปี",
            Dimension::Living,
            ProblemStatus::Open,
            Some("พมจ."),
        ),
        problem("I1", "คนอายุ 15–59 ปี มีอาชีพและมีรายได้", Dimension::Income, ProblemStatus::InProgress, None),
    ];
    h
}

/// The caller moves writers into blocking tasks.
#[test]
fn writers_can_move_between_threads() {
    fn send<T: Send>() {}
    send::<super::XlsxExport>();
    send::<super::CsvExport<Vec<u8>>>();
}
