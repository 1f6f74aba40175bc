//! The narrative of a report: its opening, the facts that state its
//! headline numbers, then work paragraphs up to its size.
//!
//! The filler names no indicator of the taxonomy; it must not add figures
//! for the pipeline to compare with the tables.

use fastrand::Rng;

use super::report::Report;

impl Report {
    /// The narrative: the facts, then work paragraphs up to the target size.
    pub(super) fn prose(&self, rng: &mut Rng) -> Vec<String> {
        let mut out = vec![
            "一、总体情况".to_owned(),
            format!(
                "本报告根据《中华人民共和国政府信息公开条例》要求，由{}编制。本报告中所列数据的统计期限自{}年1月1日起至{}年12月31日止。",
                self.agency, self.year, self.year
            ),
        ];
        out.extend(self.facts.iter().cloned());
        // Reports write a few pages of prose; what makes a page large is its
        // markup, chrome and scripts.
        let prose_bytes = self.target.min(rng.usize(3_000..30_000));
        let mut size: usize = out.iter().map(String::len).sum::<usize>();
        while size < prose_bytes {
            let p = FILLER[rng.usize(0..FILLER.len())]
                .replace("{n}", &rng.u32(2..60).to_string())
                .replace("{m}", &rng.u32(100..9000).to_string());
            size += p.len() + 40;
            out.push(p);
        }
        out
    }
}

/// Work paragraphs; `{n}` and `{m}` become small and large numbers. Their
/// phrases name no indicator of the taxonomy, so they add prose, not figures
/// to compare with the tables.
const FILLER: &[&str] = &[
    "进一步完善政府信息公开工作机制，明确分管领导和专门工作人员，做到信息发布有人审核、有人把关。",
    "加强门户网站建设，优化栏目设置，全年网站访问量达{m}人次，群众满意度不断提升。",
    "组织开展政务公开业务培训{n}场次，参训干部{m}人次，工作人员业务水平进一步提高。",
    "围绕优化营商环境、乡村振兴、生态环境保护等重点领域，及时发布工作动态和政策措施。",
    "坚持以公开为常态、不公开为例外，严格落实政府信息公开属性源头认定制度。",
    "通过新闻发布会、政务新媒体、便民服务热线等渠道，及时回应社会关切，主动解疑释惑。",
    "规范依申请公开办理流程，严格按照法定时限答复，确保答复内容合法、规范、准确。",
    "加强政务新媒体管理，全年通过微信公众号推送信息{m}条，关注人数持续增长。",
    "存在的主要问题是公开内容的深度和广度还不够，部分栏目更新不够及时，政策解读形式较为单一。",
    "下一步，我们将继续加强组织领导，健全工作制度，强化监督考核，推动政府信息公开工作再上新台阶。",
    "完善政府信息公开保密审查机制，坚持先审查、后公开，全年未发生失泄密事件。",
    "推进基层政务公开标准化规范化建设，编制完善{n}个领域的政务公开事项标准目录。",
];
