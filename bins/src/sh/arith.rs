//! Arithmetic expansion `$(( ))` and `(( ))` (POSIX 2.6.4, with bash's operators): 64-bit
//! signed integers, wrapping on overflow, variables read and assigned by name.

use brush_parser::ast::{
    ArithmeticExpr as X, ArithmeticTarget, BinaryOperator as B, UnaryAssignmentOperator as UA,
    UnaryOperator as U,
};

use super::shell::Shell;

/// Evaluate `text` (already parameter-expanded) with the shell's variables.
///
/// # Errors
/// `TEXT: syntax error in expression`, `division by 0`, an invalid number in a variable.
pub(crate) fn eval_str(text: &str, sh: &mut Shell) -> Result<i64, String> {
    if text.trim().is_empty() {
        return Ok(0);
    }
    let expr = brush_parser::arithmetic::parse(text)
        .map_err(|_| format!("{text}: syntax error in expression"))?;
    eval(&expr, sh)
}

fn eval(e: &X, sh: &mut Shell) -> Result<i64, String> {
    Ok(match e {
        X::Literal(n) => *n,
        X::Reference(t) => read(t, sh)?,
        X::UnaryOp(op, a) => {
            let v = eval(a, sh)?;
            match op {
                U::UnaryPlus => v,
                U::UnaryMinus => v.wrapping_neg(),
                U::BitwiseNot => !v,
                U::LogicalNot => i64::from(v == 0),
            }
        }
        X::BinaryOp(B::LogicalAnd, a, b) => i64::from(eval(a, sh)? != 0 && eval(b, sh)? != 0),
        X::BinaryOp(B::LogicalOr, a, b) => i64::from(eval(a, sh)? != 0 || eval(b, sh)? != 0),
        X::BinaryOp(op, a, b) => {
            let (x, y) = (eval(a, sh)?, eval(b, sh)?);
            binary(op, x, y)?
        }
        X::Conditional(c, a, b) => {
            if eval(c, sh)? != 0 {
                eval(a, sh)?
            } else {
                eval(b, sh)?
            }
        }
        X::Assignment(t, v) => {
            let v = eval(v, sh)?;
            write(t, v, sh)?
        }
        X::BinaryAssignment(op, t, v) => {
            let (x, y) = (read(t, sh)?, eval(v, sh)?);
            write(t, binary(op, x, y)?, sh)?
        }
        X::UnaryAssignment(op, t) => {
            let old = read(t, sh)?;
            let new = match op {
                UA::PrefixIncrement | UA::PostfixIncrement => old.wrapping_add(1),
                UA::PrefixDecrement | UA::PostfixDecrement => old.wrapping_sub(1),
            };
            write(t, new, sh)?;
            if matches!(op, UA::PostfixIncrement | UA::PostfixDecrement) {
                old
            } else {
                new
            }
        }
    })
}

fn binary(op: &B, x: i64, y: i64) -> Result<i64, String> {
    Ok(match op {
        B::Power => {
            let exp = u32::try_from(y).map_err(|_| "exponent less than 0".to_string())?;
            x.wrapping_pow(exp)
        }
        B::Multiply => x.wrapping_mul(y),
        B::Divide | B::Modulo if y == 0 => return Err("division by 0".into()),
        B::Divide => x.wrapping_div(y),
        B::Modulo => x.wrapping_rem(y),
        B::Comma => y,
        B::Add => x.wrapping_add(y),
        B::Subtract => x.wrapping_sub(y),
        B::ShiftLeft => x.wrapping_shl(y as u32),
        B::ShiftRight => x.wrapping_shr(y as u32),
        B::LessThan => i64::from(x < y),
        B::LessThanOrEqualTo => i64::from(x <= y),
        B::GreaterThan => i64::from(x > y),
        B::GreaterThanOrEqualTo => i64::from(x >= y),
        B::Equals => i64::from(x == y),
        B::NotEquals => i64::from(x != y),
        B::BitwiseAnd => x & y,
        B::BitwiseXor => x ^ y,
        B::BitwiseOr => x | y,
        B::LogicalAnd => i64::from(x != 0 && y != 0),
        B::LogicalOr => i64::from(x != 0 || y != 0),
    })
}

fn name(t: &ArithmeticTarget) -> Result<&str, String> {
    match t {
        ArithmeticTarget::Variable(n) => Ok(n),
        ArithmeticTarget::ArrayElement(n, _) => Err(format!("{n}: arrays are not supported")),
    }
}

/// A variable's numeric value: unset or empty is 0.
fn read(t: &ArithmeticTarget, sh: &mut Shell) -> Result<i64, String> {
    let n = name(t)?;
    let value = sh.var(n).unwrap_or_default();
    let v = value.trim();
    if v.is_empty() {
        return Ok(0);
    }
    v.parse().map_err(|_| format!("{v}: invalid number"))
}

fn write(t: &ArithmeticTarget, v: i64, sh: &mut Shell) -> Result<i64, String> {
    let n = name(t)?.to_string();
    sh.set_var(&n, &v.to_string());
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_follow_c_semantics() {
        assert_eq!(binary(&B::Divide, 7, 2), Ok(3));
        assert_eq!(binary(&B::Modulo, -7, 2), Ok(-1));
        assert_eq!(binary(&B::Power, 2, 10), Ok(1024));
        assert!(binary(&B::Divide, 1, 0).is_err());
        assert_eq!(binary(&B::LessThan, 1, 2), Ok(1));
    }
}
