//! The word lists of the narrative stage (measure words and qualifiers are
//! shared with the other stages: [`crate::text::lexicon`]): ranking words, words
//! that make a unit part of another word, quotes, qualifiers that are not,
//! bounds, negations and what spoils a zero, fillers inside words, and the
//! classes of units that count the same thing; plus the characters that end a
//! clause.
//!
//! This module holds lists only, as data and one-line character classes: it
//! must not read text or decide anything about a figure (the modules that use
//! a list do that), and its lists must not change content when moved here.

/// Words that make `N名` / `N位` a place in a ranking, not a head count:
/// `排名第四，较上年前进了三名`, `位次上升5位`.
pub(super) const RANKING: &[&str] = &[
    "排名", "名次", "位次", "排位", "前进", "后退", "上升", "下降", "提升", "前移", "后移", "位居",
    "位列", "跃居", "跃升", "排在", "排第",
];

/// Words that, right after a unit, make it part of another word or a
/// duration: `15个工作日`, `一次性`, `条例`, `部门`, `项目`, `二十条措施`.
pub(super) const NOT_AFTER_UNIT: &[(&str, &[&str])] = &[
    (
        "个",
        &[
            "工作日",
            "月",
            "小时",
            "百分点",
            "季度",
            "星期",
            "自然日",
            "交易日",
            "半月",
            "多月",
            "多小时",
            "人",
            "体",
            "性",
            "别",
        ],
    ),
    (
        "条",
        &[
            "例", "款", "件", "线", "龙", "措施", "意见", "举措", "规定", "新政", "细则", "办法",
            "目",
        ],
    ),
    ("件", &["事"]),
    ("次", &["性", "日", "年", "月", "要"]),
    ("名", &["单", "称", "义", "列", "次", "额"]),
    (
        "人",
        &[
            "民", "员", "大", "社", "口", "工", "身", "士", "事", "格", "权", "力", "才", "文",
            "居", "防", "行",
        ],
    ),
    (
        "部",
        &["门", "署", "分", "位", "队", "长", "委", "件", "属"],
    ),
    ("项", &["目"]),
    ("场", &["所", "地", "景", "合", "面"]),
    ("家", &["庭", "长", "属", "乡"]),
    ("套", &["餐"]),
    (
        "通",
        &["知", "过", "报", "道", "讯", "信", "用", "办", "行", "告"],
    ),
    ("元", &["旦", "素"]),
    ("份", &["额"]),
    ("期", &["间", "限", "满", "刊"]),
    ("批", &["复", "准", "示"]),
    ("宗", &["旨", "教"]),
    ("户", &["籍", "口"]),
    ("处", &["理", "置", "罚", "分", "长", "室"]),
    ("张", &["贴"]),
    ("位", &["置"]),
    ("座", &["谈"]),
    ("块", &["钱"]),
    (
        "起",
        &[
            "诉", "草", "步", "点", "来", "始", "止", "至", "到", "见", "的",
        ],
    ),
];

/// Characters that end a clause for the counted phrase.
pub(super) fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '；'
            | '：'
            | '、'
            | '！'
            | '？'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '（'
            | '）'
            | '【'
            | '】'
            | '|'
            | '…'
    )
}

/// Characters that end a clause for a zero stated in words (`、` does not:
/// `无…行政复议、诉讼` is one statement).
pub(super) fn ends_zero_clause(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | '！' | '？' | ',' | ';' | ':' | '!' | '?' | '|'
    )
}

/// Opening and closing marks whose content is a name, a title or a document
/// number, never a figure.
pub(super) const QUOTES: &[(char, char)] = &[
    ('“', '”'),
    ('‘', '’'),
    ('《', '》'),
    ('〈', '〉'),
    ('「', '」'),
    ('『', '』'),
    ('〔', '〕'),
    ('[', ']'),
    ('【', '】'),
    ('"', '"'),
];

/// Prefix qualifiers that are the end of another word: `节约3万元` is an exact
/// saving, `最近3个月` a period.
pub(super) const NOT_QUALIFIER: &[&str] = &[
    "节约", "制约", "签约", "预约", "违约", "履约", "合约", "特约", "简约", "邀约", "公约", "最近",
    "附近", "临近", "靠近", "就近",
];

/// Bounds from above are not stated figures: `不足10人`, `10人以下`.
pub(super) const UPPER_BOUNDS_BEFORE: &[&str] = &["不到", "不足", "不超过", "最多", "少于", "低于"];
pub(super) const UPPER_BOUNDS_AFTER: &[&str] = &["以下", "以内", "之内"];

/// Words a negation starts with; the raw text of every zero begins with one.
pub(super) const NEGATIONS: &[&str] = &[
    "没有", "暂无", "暂不", "尚未", "尚无", "均未", "均无", "从未", "未", "无", "不",
];

/// Words that make a negated clause about something else than "none at all":
/// `无被纠错的行政复议`, `行政复议尚未审结`, `除…外`.
pub(super) const ZERO_SPOILERS: &[&str] = &[
    "纠错",
    "纠正",
    "维持",
    "驳回",
    "审结",
    "败诉",
    "撤销",
    "违法",
    "超期",
    "逾期",
    "延期",
    "结转",
    "除",
    "但",
    "仅",
    "只有",
    "行政事业性",
    "未经",
];

/// Words whose last character is also a filler: `行为` is not `行` + `为`.
pub(super) const WORDS_ENDING_IN_A_FILLER: &[&str] = &[
    "行为", "认为", "作为", "成为", "视为", "称为", "更为", "较为", "极为", "最为", "所有", "具有",
    "拥有", "享有", "没有", "仍有", "统计", "设计", "会计", "审计", "估计", "送达", "到达", "下达",
    "传达", "表达", "抵达", "直达", "转达", "公共", "总共",
];

/// Measure words that count the same kind of thing, so `收到申请21条` can be
/// the 件 of the table. Money is matched exactly (`元` is not `万元`), except
/// for a zero.
pub(super) const UNIT_CLASSES: &[&[&str]] = &[
    &["条", "件", "份", "篇", "个", "项", "宗", "起"],
    &["人", "名", "位"],
    &["次", "场", "场次", "期"],
];
