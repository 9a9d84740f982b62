//! A synthetic household list in the import template, made by the demo generator's rules:
//! the input of `bench/import` and of large-import tests.
use std::path::Path;

use anyhow::Context;
use chrono::Datelike;

use app::domain::dates::BE_OFFSET;
use app::domain::member::Relation;
use app::ssr::db::Db;

use super::generate::generate;
use super::load::read_reference;

/// Template columns, in the template's order.
const HEADER: [&str; 16] = [
    "รหัสบ้าน",
    "บ้านเลขที่",
    "หมู่ที่",
    "ชื่อหมู่บ้าน",
    "รหัสตำบล",
    "เลขประจำตัวประชาชน",
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "เพศ",
    "วันเกิด",
    "ความสัมพันธ์",
    "ตัวชี้วัดที่ไม่ผ่าน",
    "ละติจูด",
    "ลองจิจูด",
    "รหัสอ้างอิง",
];

/// People per household in the demo province, to size the generation.
const PEOPLE_PER_HOUSEHOLD: f64 = 3.5;

/// Writes about `people` people (whole households) to `out`; returns how many were written.
pub async fn write(db: &Db, out: &Path, people: usize, seed: u64) -> anyhow::Result<usize> {
    let mut conn = db.pool.acquire().await?;
    let reference = read_reference(&mut conn).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let households = ((people as f64 / PEOPLE_PER_HOUSEHOLD).ceil() as usize).max(1) + 16;
    let province = generate(&reference, households, seed);
    let file = std::fs::File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut w = std::io::BufWriter::new(file);
    std::io::Write::write_all(&mut w, b"\xEF\xBB\xBF")?;
    let mut csv = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(w);
    csv.write_record(HEADER)?;
    let mut failed: Vec<Vec<&str>> = vec![Vec::new(); province.households.len()];
    for p in &province.problems {
        failed[p.household].push(p.indicator_code.as_str());
    }
    let mut written = 0;
    for (i, h) in province.households.iter().enumerate() {
        if written >= people {
            break;
        }
        let village = &province.villages[h.village];
        let reference = format!("DEMO-{}-{:06}", h.tambon_code, i);
        for m in &province.members[h.members.clone()] {
            let relation = Relation::parse(m.relation).unwrap_or(Relation::Other);
            let born = m.birth_date;
            let birth = format!("{:02}/{:02}/{}", born.day(), born.month(), born.year() + BE_OFFSET);
            let codes = if relation == Relation::Head { failed[i].join(",") } else { String::new() };
            let (lat, lon) = match (relation, h.lat_lon) {
                (Relation::Head, Some((la, lo))) => (la.to_string(), lo.to_string()),
                _ => (String::new(), String::new()),
            };
            csv.write_record([
                h.house_code.clone().unwrap_or_default(),
                h.house_no.clone(),
                village.moo.to_string(),
                village.name.clone(),
                h.tambon_code.clone(),
                m.citizen_id.clone().unwrap_or_default(),
                m.prefix.to_string(),
                m.first_name.to_string(),
                m.last_name.to_string(),
                if m.male { "ชาย" } else { "หญิง" }.to_string(),
                birth,
                relation.label(app::i18n::Lang::Th).to_string(),
                codes,
                lat,
                lon,
                reference.clone(),
            ])?;
            written += 1;
        }
    }
    csv.flush()?;
    Ok(written)
}
