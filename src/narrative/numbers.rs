//! Numbers as Chinese prose writes them: ASCII and full-width digits, thousands
//! separators, decimals, Chinese numerals (`一篇`, `十二`, `一千二百三十`, `两`,
//! `〇`/`零`, 大写 `壹贰叁`), mixed forms (`1.2万`, `3亿`, `13万2`), and
//! percentages (`33.9%`, `百分之三十`).
//!
//! [`read_number`] reads the number at the start of a text and says how many
//! characters it took. It reads a whole run of numeral characters or nothing:
//! `三四个` (three or four) and `十四五` (a plan's name) are not numbers, and
//! the reader never falls back to a piece of the run, so a caller that skips
//! the run never sees `四个` either.
//!
//! A trailing `万` or `亿` is kept apart from the number ([`Number::stated`] and
//! [`Number::magnitude`]): `1.2万` is 1.2 in 万, not 12000, because the source
//! stated a rounded figure in 万 and 12000 would claim a precision it never
//! had. [`Number::value`] gives the full value for callers that need it.
//!
//! This module reads numbers only. It must not decide whether a number is a
//! figure (that is the rest of [`narrative`](super)) and must not guess: a
//! form it cannot read unambiguously is `None`.

/// A decimal number held exactly: `mantissa / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Decimal {
    mantissa: u128,
    scale: u32,
}

impl Decimal {
    fn int(n: u128) -> Decimal {
        Decimal {
            mantissa: n,
            scale: 0,
        }
    }

    fn as_integer(self) -> Option<u128> {
        (self.scale == 0).then_some(self.mantissa)
    }

    /// Divided by `10^exp`, exactly, trailing zeros of the fraction dropped.
    fn shifted_down(self, exp: u32) -> Decimal {
        let mut d = Decimal {
            mantissa: self.mantissa,
            scale: self.scale + exp,
        };
        while d.scale > 0 && d.mantissa.is_multiple_of(10) {
            d.mantissa /= 10;
            d.scale -= 1;
        }
        d
    }

    /// The nearest `f64` (correctly rounded through the decimal text).
    fn to_f64(self) -> f64 {
        const EXACT: u128 = 1 << f64::MANTISSA_DIGITS;
        if self.scale == 0 && self.mantissa <= EXACT {
            return self.mantissa as f64;
        }
        format!("{}e-{}", self.mantissa, self.scale)
            .parse()
            .unwrap_or(f64::NAN)
    }
}

/// The power of ten a number was stated in, kept out of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Magnitude {
    /// 万, ten thousand.
    Wan,
    /// 亿, a hundred million.
    Yi,
}

impl Magnitude {
    /// The character as written in units (`万`, `亿`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Magnitude::Wan => "万",
            Magnitude::Yi => "亿",
        }
    }

    /// The power of ten: 4 for 万, 8 for 亿.
    pub(crate) fn exponent(self) -> u32 {
        match self {
            Magnitude::Wan => 4,
            Magnitude::Yi => 8,
        }
    }

    /// `万`/`萬` or `亿`/`億`.
    pub(crate) fn from_char(c: char) -> Option<Magnitude> {
        match c {
            '万' | '萬' => Some(Magnitude::Wan),
            '亿' | '億' => Some(Magnitude::Yi),
            _ => None,
        }
    }
}

/// A number read from text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// The number as stated, in its [`magnitude`](Self::magnitude): 1.2 for
    /// `1.2万`, 3 for `3亿`, 132000 for `13万2`, 1860 for `1860`.
    pub stated: f64,
    /// A trailing 万 or 亿 the number was stated in. When a number holds both
    /// (`3亿5千万`) the larger one is kept: 3.5 in 亿.
    pub magnitude: Option<Magnitude>,
    /// Characters of the text the number took.
    pub len: usize,
    /// Whether any Chinese numeral was used (`一篇`, `十二`, `3千`).
    pub chinese: bool,
    /// Written as a percentage with `百分之` (a trailing `%` is the caller's
    /// unit; this reader does not take it).
    pub percent: bool,
}

impl Number {
    /// The full value: 12000 for `1.2万`.
    pub fn value(&self) -> f64 {
        match self.magnitude {
            Some(m) => format!("{}e{}", self.stated, m.exponent())
                .parse()
                .unwrap_or(f64::NAN),
            None => self.stated,
        }
    }
}

/// An ASCII or full-width decimal digit.
pub(crate) fn ascii_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// A Chinese digit, 大写 and traditional forms included. Zero is a digit here.
fn chinese_digit(c: char) -> Option<u8> {
    Some(match c {
        '零' | '〇' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '贰' | '貳' | '两' | '兩' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn is_zero_char(c: char) -> bool {
    matches!(c, '零' | '〇' | '○')
}

/// 十, 百, 千 (and 拾 佰 仟) as their value.
fn small_unit(c: char) -> Option<u128> {
    match c {
        '十' | '拾' => Some(10),
        '百' | '佰' => Some(100),
        '千' | '仟' => Some(1000),
        _ => None,
    }
}

/// Whether `c` can be part of a run of Chinese numerals.
pub(crate) fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || small_unit(c).is_some() || Magnitude::from_char(c).is_some()
}

/// Whether a number can start at `c`.
pub(crate) fn starts_number(c: char) -> bool {
    ascii_digit(c).is_some() || is_chinese_numeral(c)
}

/// One piece of a numeral run.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    /// Arabic digits, with how many digits were written.
    Arabic(Decimal, usize),
    /// A Chinese digit other than zero.
    Digit(u8),
    Zero,
    Small(u128),
    Big(Magnitude),
}

/// Arabic digits at `s[i..]`: thousands groups (`1,203`, `1，203`: exactly
/// three digits after each separator, at most three before the first) and a
/// fraction. Returns the number, the digits written and the characters taken.
fn read_arabic(s: &[char], i: usize) -> Option<(Decimal, usize, usize)> {
    let digits_at = |from: usize| {
        s.get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| ascii_digit(**c).is_some())
            .count()
    };
    let int_len = digits_at(i);
    if int_len == 0 {
        return None;
    }
    let mut text: String = s[i..i + int_len]
        .iter()
        .filter_map(|c| ascii_digit(*c))
        .map(|d| char::from(b'0' + d))
        .collect();
    let mut j = i + int_len;
    if int_len <= 3 {
        while matches!(s.get(j), Some(',' | '，' | '､'))
            && digits_at(j + 1) == 3
            && !matches!(s.get(j + 4), Some(c) if ascii_digit(*c).is_some())
        {
            text.extend(
                s[j + 1..j + 4]
                    .iter()
                    .filter_map(|c| ascii_digit(*c))
                    .map(|d| char::from(b'0' + d)),
            );
            j += 4;
        }
    }
    let mut scale = 0u32;
    if matches!(s.get(j), Some('.' | '．')) && digits_at(j + 1) > 0 {
        let frac = digits_at(j + 1);
        text.extend(
            s[j + 1..j + 1 + frac]
                .iter()
                .filter_map(|c| ascii_digit(*c))
                .map(|d| char::from(b'0' + d)),
        );
        scale = u32::try_from(frac).ok()?;
        j += 1 + frac;
    }
    if text.len() > 30 {
        return None;
    }
    let mantissa: u128 = text.parse().ok()?;
    let written = text.len();
    Some((Decimal { mantissa, scale }, written, j - i))
}

/// Split a numeral run at the start of `s` into tokens; the characters taken.
fn tokenize(s: &[char]) -> (Vec<Token>, usize) {
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if ascii_digit(c).is_some() {
            match read_arabic(s, i) {
                Some((d, written, len)) => {
                    tokens.push(Token::Arabic(d, written));
                    i += len;
                }
                None => break,
            }
        } else if is_zero_char(c) {
            tokens.push(Token::Zero);
            i += 1;
        } else if let Some(d) = chinese_digit(c) {
            tokens.push(Token::Digit(d));
            i += 1;
        } else if let Some(u) = small_unit(c) {
            tokens.push(Token::Small(u));
            i += 1;
        } else if let Some(m) = Magnitude::from_char(c) {
            tokens.push(Token::Big(m));
            i += 1;
        } else {
            break;
        }
    }
    (tokens, i)
}

/// How many characters the run of numeral characters at the start of `s`
/// spans (what [`read_number`] reads or refuses as a whole), `百分之` included.
pub fn run_len(s: &[char]) -> usize {
    let prefix = percent_prefix(s);
    prefix + tokenize(&s[prefix..]).1
}

fn percent_prefix(s: &[char]) -> usize {
    if s.starts_with(&['百', '分', '之']) && s.get(3).is_some_and(|c| starts_number(*c)) {
        3
    } else {
        0
    }
}

/// The number at the start of `s`, read from the whole run of numeral
/// characters there, or `None` when that run is not one number.
pub fn read_number(s: &[char]) -> Option<Number> {
    let prefix = percent_prefix(s);
    let (tokens, len) = tokenize(&s[prefix..]);
    if tokens.is_empty() {
        return None;
    }
    let chinese = tokens.iter().any(|t| !matches!(t, Token::Arabic(..)));
    let (total, magnitude) = evaluate(&tokens)?;
    let stated = match magnitude {
        Some(m) => total.shifted_down(m.exponent()),
        None => total,
    };
    Some(Number {
        stated: stated.to_f64(),
        magnitude,
        len: prefix + len,
        chinese,
        percent: prefix > 0,
    })
}

/// The whole of `text` as one number (surrounding whitespace allowed).
pub fn parse_number(text: &str) -> Option<Number> {
    let chars: Vec<char> = text.trim().chars().collect();
    read_number(&chars).filter(|n| n.len == chars.len())
}

/// The whole of `text` as a non-negative integer written in Chinese numerals
/// (or mixed with digits), with no magnitude kept apart: `一千二百三十` → 1230,
/// `三十万` → 300000.
pub fn parse_integer(text: &str) -> Option<u128> {
    let chars: Vec<char> = text.trim().chars().collect();
    let (tokens, len) = tokenize(&chars);
    if len != chars.len() || tokens.is_empty() {
        return None;
    }
    evaluate(&tokens)?.0.as_integer()
}

/// The value of a token run and the magnitude it ends in.
fn evaluate(tokens: &[Token]) -> Option<(Decimal, Option<Magnitude>)> {
    if let Some(d) = positional(tokens) {
        return Some((d, None));
    }
    let mut eval = Eval::default();
    for (k, token) in tokens.iter().enumerate() {
        let last = k + 1 == tokens.len();
        eval.step(*token, last)?;
    }
    let total = eval.finish()?;
    let magnitude = match tokens.last() {
        Some(Token::Big(_)) if eval.yi_seen => Some(Magnitude::Yi),
        Some(Token::Big(m)) => Some(*m),
        _ => None,
    };
    Some((total, magnitude))
}

/// Digits written one by one with no units (`二〇一八`, `一〇`): read by
/// position, but only when a zero shows they are positional. `三四` (three or
/// four) and `十四五` are not numbers.
fn positional(tokens: &[Token]) -> Option<Decimal> {
    let digits: Option<Vec<u8>> = tokens
        .iter()
        .map(|t| match t {
            Token::Digit(d) => Some(*d),
            Token::Zero => Some(0),
            _ => None,
        })
        .collect();
    let digits = digits?;
    let has_zero = tokens.contains(&Token::Zero);
    match digits.len() {
        0 => None,
        1 => Some(Decimal::int(u128::from(digits[0]))),
        n if has_zero && n <= 30 && tokens.first() != Some(&Token::Zero) => Some(Decimal::int(
            digits
                .iter()
                .fold(0u128, |acc, d| acc * 10 + u128::from(*d)),
        )),
        _ => None,
    }
}

/// The state of reading units left to right: `yi` holds what came before 亿,
/// `wan` what came before 万 (after the last 亿), `cur` the part below 万.
#[derive(Debug, Default)]
struct Eval {
    yi: u128,
    wan: u128,
    cur: u128,
    /// A number waiting for its unit.
    pending: Option<(Decimal, usize, bool)>,
    /// The value of the last unit read, for `一千二` (= 1200).
    last_unit: Option<u128>,
    /// The smallest small unit read in the current block (they must descend).
    last_small: Option<u128>,
    zero_since_unit: bool,
    wan_seen: bool,
    yi_seen: bool,
    /// A decimal was used before a 万/亿, which must then end the number.
    decimal_used: bool,
    any_unit: bool,
}

impl Eval {
    fn step(&mut self, token: Token, last: bool) -> Option<()> {
        if self.decimal_used {
            return None;
        }
        match token {
            Token::Arabic(d, written) => {
                if self.pending.is_some() {
                    return None;
                }
                self.pending = Some((d, written, false));
            }
            Token::Digit(d) => {
                if self.pending.is_some() {
                    return None;
                }
                self.pending = Some((Decimal::int(u128::from(d)), 1, true));
            }
            Token::Zero => {
                if self.pending.is_some() || !self.any_unit {
                    return None;
                }
                self.zero_since_unit = true;
            }
            Token::Small(u) => self.small_unit(u)?,
            Token::Big(m) => self.big_unit(m, last)?,
        }
        Some(())
    }

    /// 十, 百 or 千 (`u`): it multiplies the digit before it, or stands for
    /// 一十 at the start of a block; small units descend within a block.
    fn small_unit(&mut self, u: u128) -> Option<()> {
        let n = match self.pending.take() {
            Some((d, 1, _)) => d.as_integer().filter(|n| (1..=9).contains(n))?,
            Some(_) => return None,
            // 十二, 十万, 一万零十: 十 alone at the start of a block is 一十.
            None if u == 10 && self.cur == 0 => 1,
            None => return None,
        };
        if self.last_small.is_some_and(|s| u >= s) {
            return None;
        }
        self.cur += n * u;
        self.last_small = Some(u);
        self.unit_read(u);
        Some(())
    }

    /// 万 or 亿 (`m`): it closes the block read before it. A decimal block
    /// (`1.2万`) must end the number (`last`); 亿 comes at most once, 万 at
    /// most once on each side of it, and 亿 takes what was read in 万 along.
    fn big_unit(&mut self, m: Magnitude, last: bool) -> Option<()> {
        let block = match self.pending.take() {
            Some((d, _, _)) if d.scale > 0 => {
                if self.cur > 0 || !last {
                    return None;
                }
                self.decimal_used = true;
                d
            }
            Some((d, _, _)) => Decimal::int(self.cur.checked_add(d.as_integer()?)?),
            None => Decimal::int(self.cur),
        };
        if block.mantissa == 0 {
            return None;
        }
        match m {
            Magnitude::Wan => {
                if self.wan_seen {
                    return None;
                }
                self.wan_seen = true;
                self.wan = scale_up(block, 4)?;
            }
            Magnitude::Yi => {
                if self.yi_seen {
                    return None;
                }
                self.yi_seen = true;
                let below = self.wan.checked_mul(10u128.pow(block.scale))?;
                self.yi = scale_up(
                    Decimal {
                        mantissa: block.mantissa.checked_add(below)?,
                        scale: block.scale,
                    },
                    8,
                )?;
                self.wan = 0;
                self.wan_seen = false;
            }
        }
        self.cur = 0;
        self.last_small = None;
        self.unit_read(10u128.pow(m.exponent()));
        if self.decimal_used {
            // Keep the fraction exact: the total is returned as a decimal.
            self.pending = Some((block, 0, false));
        }
        Some(())
    }

    fn unit_read(&mut self, unit: u128) {
        self.last_unit = Some(unit);
        self.zero_since_unit = false;
        self.any_unit = true;
    }

    fn finish(&mut self) -> Option<Decimal> {
        if self.decimal_used {
            // `1.2万`: the decimal was the whole number.
            let (block, _, _) = self.pending.take()?;
            let exp = if self.yi_seen { 8 } else { 4 };
            let mantissa = block.mantissa.checked_mul(10u128.pow(exp))?;
            return Some(
                Decimal {
                    mantissa,
                    scale: block.scale,
                }
                .shifted_down(0),
            );
        }
        let tail = match self.pending.take() {
            None => 0,
            Some((d, written, chinese)) => {
                let n = d.as_integer();
                match (self.last_unit, n) {
                    // A number with no unit at all: `1860`, `3.5`.
                    (None, _) => return Some(d),
                    (Some(_), None) => return None,
                    // `一百零五`: after a zero the digit is ones.
                    (Some(_), Some(n)) if self.zero_since_unit && written == 1 => n,
                    // `一千二`, `三万五`, `13万2`: one digit after a unit is
                    // the next place down.
                    (Some(u), Some(n)) if written == 1 => n * (u / 10),
                    // `1万2000`: a full group of Arabic digits after 万/亿.
                    (Some(u), Some(n))
                        if !chinese && u >= 10_000 && written == digits_of(u) - 1 =>
                    {
                        n
                    }
                    _ => return None,
                }
            }
        };
        let total = self
            .yi
            .checked_add(self.wan)?
            .checked_add(self.cur)?
            .checked_add(tail)?;
        Some(Decimal::int(total))
    }
}

fn digits_of(n: u128) -> usize {
    n.to_string().len()
}

fn scale_up(d: Decimal, exp: u32) -> Option<u128> {
    let factor = 10u128.checked_pow(exp.checked_sub(d.scale)?)?;
    d.mantissa.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Option<(f64, Option<&'static str>)> {
        parse_number(text).map(|n| (n.stated, n.magnitude.map(Magnitude::as_str)))
    }

    #[test]
    fn arabic_forms() {
        assert_eq!(n("1860"), Some((1860.0, None)));
        assert_eq!(n("１８６０"), Some((1860.0, None)));
        assert_eq!(n("1,203"), Some((1203.0, None)));
        assert_eq!(n("1，234，567"), Some((1234567.0, None)));
        assert_eq!(n("96171.6"), Some((96171.6, None)));
        assert_eq!(n("０．５"), Some((0.5, None)));
        assert_eq!(n("0"), Some((0.0, None)));
        assert_eq!(n("1,86"), None);
        assert_eq!(n("1234,567"), None);
    }

    #[test]
    fn chinese_numerals() {
        for (text, value) in [
            ("一", 1.0),
            ("十", 10.0),
            ("十二", 12.0),
            ("二十", 20.0),
            ("一十二", 12.0),
            ("一百零五", 105.0),
            ("一千二百三十", 1230.0),
            ("一千零一十", 1010.0),
            ("两", 2.0),
            ("两千", 2000.0),
            ("零", 0.0),
            ("〇", 0.0),
            ("壹佰贰拾叁", 123.0),
            ("貳拾", 20.0),
            ("二〇一八", 2018.0),
            ("二○一二", 2012.0),
            ("一千二", 1200.0),
            ("两百五", 250.0),
            ("一万零三百", 10300.0),
            ("一万二千", 12000.0),
            ("十三万二", 132000.0),
            ("13万2", 132000.0),
            ("13万2千", 132000.0),
            ("1万2000", 12000.0),
            ("3千5百", 3500.0),
        ] {
            assert_eq!(n(text), Some((value, None)), "{text}");
        }
    }

    #[test]
    fn a_trailing_wan_or_yi_stays_apart() {
        assert_eq!(n("1.2万"), Some((1.2, Some("万"))));
        assert_eq!(n("3亿"), Some((3.0, Some("亿"))));
        assert_eq!(n("三十万"), Some((30.0, Some("万"))));
        assert_eq!(n("十万"), Some((10.0, Some("万"))));
        assert_eq!(n("8232万"), Some((8232.0, Some("万"))));
        assert_eq!(n("3亿5千万"), Some((3.5, Some("亿"))));
        assert_eq!(n("3亿5000万"), Some((3.5, Some("亿"))));
        assert_eq!(n("1.25亿"), Some((1.25, Some("亿"))));
        let number = parse_number("1.2万").unwrap();
        assert_eq!(number.value(), 12000.0);
    }

    #[test]
    fn what_is_not_one_number() {
        for text in [
            "三四",   // three or four
            "十四五", // a plan's name
            "七八",
            "千万", // "by all means"
            "百",
            "万",
            "千",
            "1.2万3千",
            "12十",
            "一千一千",
            "十百",
            "一百千",
            "万万",
            "1万20",
            "〇一",
        ] {
            assert_eq!(n(text), None, "{text}");
        }
    }

    #[test]
    fn percentages_in_words() {
        let p = parse_number("百分之三十").unwrap();
        assert!(p.percent);
        assert_eq!(p.stated, 30.0);
        assert_eq!(parse_number("百分之百").map(|p| p.stated), None);
    }

    #[test]
    fn runs_are_read_whole() {
        let chars: Vec<char> = "三四个".chars().collect();
        assert_eq!(run_len(&chars), 2);
        assert_eq!(read_number(&chars), None);
        let chars: Vec<char> = "430余人次".chars().collect();
        let number = read_number(&chars).unwrap();
        assert_eq!((number.stated, number.len), (430.0, 3));
        let chars: Vec<char> = "1.政策性文件".chars().collect();
        assert_eq!(read_number(&chars).map(|n| n.len), Some(1));
    }

    /// Writes `n` the way Chinese text does: 一千零五, 十二, 一万零三百,
    /// 三亿零五十万 (the writer the property test reads back).
    fn write_chinese(n: u64) -> String {
        if n == 0 {
            return "零".into();
        }
        let groups = [
            (n / 100_000_000, "亿"),
            ((n / 10_000) % 10_000, "万"),
            (n % 10_000, ""),
        ];
        let mut out = String::new();
        let mut zero_needed = false;
        for (group, big) in groups {
            if group == 0 {
                zero_needed = !out.is_empty();
                continue;
            }
            if !out.is_empty() && (zero_needed || group < 1000) {
                out.push('零');
            }
            zero_needed = false;
            let leading = out.is_empty();
            write_group(group, leading, &mut out);
            out.push_str(big);
        }
        out
    }

    /// One group of up to four digits (1..=9999): 一千零一十, 三百, 十二.
    fn write_group(group: u64, leading: bool, out: &mut String) {
        const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        const SMALL: [&str; 4] = ["", "十", "百", "千"];
        let mut started = false;
        let mut zero = false;
        for pos in (0..4u32).rev() {
            let d = (group / 10u64.pow(pos) % 10) as usize;
            if d == 0 {
                zero = started;
                continue;
            }
            if zero {
                out.push('零');
                zero = false;
            }
            // 十二 rather than 一十二 at the start of a number.
            if !(d == 1 && pos == 1 && leading && !started) {
                out.push(DIGITS[d]);
            }
            out.push_str(SMALL[pos as usize]);
            started = true;
        }
    }

    #[test]
    fn the_writer_writes_what_people_write() {
        for (n, text) in [
            (0, "零"),
            (7, "七"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1010, "一千零一十"),
            (1230, "一千二百三十"),
            (10_000, "一万"),
            (10_300, "一万零三百"),
            (100_010, "十万零一十"),
            (120_000, "十二万"),
            (305_000_000, "三亿零五百万"),
            (300_500_000, "三亿零五十万"),
            (300_000_005, "三亿零五"),
            (999_999_999, "九亿九千九百九十九万九千九百九十九"),
        ] {
            assert_eq!(write_chinese(n), text, "{n}");
        }
    }

    #[test]
    fn every_integer_below_a_million_reads_back() {
        for n in 0..1_000_000u64 {
            let text = write_chinese(n);
            assert_eq!(parse_integer(&text), Some(u128::from(n)), "{text}");
        }
    }

    /// Below 10^9 a number is three groups of four digits (亿, 万, ones), and
    /// how it is written depends on each group's digits and on which digits
    /// are zero. Every value of the 万 group, with every zero shape of the
    /// ones group and several 亿 digits, reads back.
    #[test]
    fn every_group_shape_below_a_billion_reads_back() {
        let shapes: Vec<u64> = (0..16u64)
            .map(|mask| {
                (0..4)
                    .map(|k| {
                        if mask >> k & 1 == 1 {
                            7 * 10u64.pow(k)
                        } else {
                            0
                        }
                    })
                    .sum()
            })
            .collect();
        for yi in [0u64, 1, 2, 9] {
            for wan in 0..10_000u64 {
                for ones in &shapes {
                    let n = yi * 100_000_000 + wan * 10_000 + ones;
                    let text = write_chinese(n);
                    assert_eq!(parse_integer(&text), Some(u128::from(n)), "{text}");
                }
            }
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(20_000))]

            /// Every integer in 0..10^9, written in Chinese numerals, reads back.
            #[test]
            fn chinese_numerals_read_back(n in 0u64..1_000_000_000) {
                let text = write_chinese(n);
                prop_assert_eq!(parse_integer(&text), Some(u128::from(n)), "{}", text);
            }

            /// Arabic integers with a trailing 万 keep the 万 apart, exactly.
            #[test]
            fn wan_is_kept_apart(n in 1u64..100_000) {
                let number = parse_number(&format!("{n}万")).unwrap();
                prop_assert_eq!(number.stated, n as f64);
                prop_assert_eq!(number.value(), (n * 10_000) as f64);
            }

            /// The reader never panics and never reads past the text.
            #[test]
            fn never_panics(text in "[0-9０-９,，.．零〇○一二两三四五六七八九十百千万亿壹贰叁拾佰仟萬億余多条件人次]{0,16}") {
                let chars: Vec<char> = text.chars().collect();
                if let Some(number) = read_number(&chars) {
                    prop_assert!(number.len <= chars.len());
                    prop_assert!(number.len > 0);
                    prop_assert!(number.stated.is_finite());
                }
                prop_assert!(run_len(&chars) <= chars.len());
            }
        }
    }
}
