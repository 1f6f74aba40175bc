//! Who reports: agency names built from a city, a county, a department
//! and, past the first names, a development zone, so that no two synthetic
//! agencies share a name.
//!
//! A name is a function of the agency number alone; this file must not draw
//! random numbers (the corpus depends on the order of the draws elsewhere).

/// The name of agency `agency_no`: city, county, zone, department.
pub(super) fn name(agency_no: usize) -> String {
    let city = CITIES[agency_no % CITIES.len()];
    let county = COUNTIES[(agency_no / CITIES.len()) % COUNTIES.len()];
    let dept = DEPARTMENTS[(agency_no / (CITIES.len() * COUNTIES.len())) % DEPARTMENTS.len()];
    format!("{city}{county}{}{dept}", zone(agency_no))
}

/// Development zones: agencies past the first city × county × department
/// names sit in one, so that no two synthetic agencies share a name (the
/// year-over-year audit pairs reports by name).
const ZONES: &[&str] = &[
    "高新区",
    "经济开发区",
    "保税区",
    "新区",
    "工业园区",
    "旅游度假区",
    "综合实验区",
    "港区",
];

/// The zone of an agency, empty for the first names.
fn zone(agency_no: usize) -> String {
    match agency_no / (CITIES.len() * COUNTIES.len() * DEPARTMENTS.len()) {
        0 => String::new(),
        c => ZONES
            .get(c - 1)
            .map_or_else(|| format!("第{c}片区"), |z| (*z).to_owned()),
    }
}

const CITIES: &[&str] = &[
    "福州市",
    "厦门市",
    "泉州市",
    "漳州市",
    "莆田市",
    "三明市",
    "南平市",
    "龙岩市",
    "宁德市",
    "衡阳市",
    "株洲市",
    "湘潭市",
    "岳阳市",
    "常德市",
    "赣州市",
    "九江市",
    "宜春市",
    "上饶市",
    "绍兴市",
    "台州市",
];
const COUNTIES: &[&str] = &[
    "",
    "城关区",
    "东湖区",
    "西山区",
    "南岭县",
    "北川县",
    "清河县",
    "长乐区",
    "永安市",
    "安溪县",
];
const DEPARTMENTS: &[&str] = &[
    "人民政府办公室",
    "发展和改革局",
    "教育局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "市场监督管理局",
    "统计局",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dev::synth::{YEARS, document};
    use crate::model::SourceDoc;
    use crate::pipeline::process;
    use crate::taxonomy::Taxonomy;

    #[test]
    fn agencies_past_the_first_names_get_a_zone_and_are_read_with_it() {
        let names = CITIES.len() * COUNTIES.len() * DEPARTMENTS.len();
        assert_eq!(zone(names - 1), "");
        assert_eq!(zone(names), "高新区");
        assert_eq!(zone(names * 20), "第20片区");
        // The first report of agency `names` and of agency 0: same city,
        // county and department, told apart by the zone, as the pipeline reads them.
        let agency = |i: usize| {
            let doc = document(1, i);
            let source = SourceDoc {
                source: doc.path.display().to_string(),
                bytes: doc.bytes,
                fetch: None,
            };
            process(&source, Taxonomy::builtin()).report.agency
        };
        let first = agency(0).expect("agency 0 has a name");
        let zoned = agency(names * YEARS).expect("agency `names` has a name");
        assert_eq!(first, "福州市人民政府办公室");
        assert_eq!(zoned, "福州市高新区人民政府办公室");
    }
}
