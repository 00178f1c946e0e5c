//! Operator chains: `a + b * c ?? d` arrives as a flat list of operands and operators and is
//! turned into a tree here by precedence and associativity (B §2.1, levels 4 to 12). The
//! algorithm is operator-precedence parsing with explicit stacks, so it needs no recursion.

use crate::ast::{BinaryOp, Expr};
use crate::parser::context::ParseCtx;

/// The first operand, then each operator with the operand to its right. Each operand keeps
/// the extent of its source, parentheses included, which the spans of the tree use.
pub struct OperatorChain {
    first: Operand,
    rest: Vec<(BinaryOp, Operand)>,
}

struct Operand {
    expr: Expr,
    start: usize,
    end: usize,
}

impl OperatorChain {
    pub fn new(first: Expr, start: usize, end: usize) -> Self {
        OperatorChain { first: Operand { expr: first, start, end }, rest: Vec::new() }
    }

    pub fn push(&mut self, op: BinaryOp, operand: Expr, start: usize, end: usize) {
        self.rest.push((op, Operand { expr: operand, start, end }));
    }
}

/// Binding strength: `~~` lowest, then the `||` level, up to `**`. `??` binds tighter than `||` and `~??`
/// tighter than `??`, unlike JavaScript.
fn precedence(op: BinaryOp) -> u8 {
    use BinaryOp::*;
    match op {
        ConfidenceChain => 0,
        Or | ConfidenceOr | ParallelConfidence | ThresholdGate => 1,
        Nullish => 2,
        ConfidenceCoalesce => 3,
        And | ConfidenceAnd => 4,
        Eq | NotEq | StrictEq | StrictNotEq | ConfidenceEq | ConfidenceNotEq => 5,
        Lt | Le | Gt | Ge | ConfidenceLt | ConfidenceLe | ConfidenceGe | Instanceof => 6,
        Add | Sub | ConfidenceAdd | ConfidenceSub => 7,
        Mul | Div | Rem | ConfidenceMul | ConfidenceDiv => 8,
        Pow => 9,
        // A pipeline-level operator, never part of a chain.
        ConfidenceThresholdGate => 0,
    }
}

/// Builds the tree of a chain; `**` associates to the right, everything else to the left.
pub fn resolve_chain(ctx: &ParseCtx<'_>, chain: OperatorChain) -> Expr {
    let OperatorChain { first, rest } = chain;
    if rest.len() < 2 {
        // No operator, or one: nothing to order, so no stacks to allocate.
        return match rest.into_iter().next() {
            Some((op, rhs)) => super::binary(ctx, op, first.expr, rhs.expr, first.start, rhs.end),
            None => first.expr,
        };
    }
    let mut operands: Vec<Operand> = Vec::with_capacity(rest.len() + 1);
    let mut operators: Vec<BinaryOp> = Vec::with_capacity(rest.len());
    operands.push(first);
    for (op, operand) in rest {
        while let Some(&top) = operators.last() {
            let tighter = precedence(top) > precedence(op)
                || (precedence(top) == precedence(op) && op != BinaryOp::Pow);
            if !tighter {
                break;
            }
            operators.pop();
            combine(ctx, top, &mut operands);
        }
        operators.push(op);
        operands.push(operand);
    }
    while let Some(op) = operators.pop() {
        combine(ctx, op, &mut operands);
    }
    match operands.pop() {
        Some(operand) => operand.expr,
        None => ctx.expr(crate::ast::ExprKind::Null, 0, 0),
    }
}

/// Replaces the top two operands by their combination with `op`.
fn combine(ctx: &ParseCtx<'_>, op: BinaryOp, operands: &mut Vec<Operand>) {
    let (Some(rhs), Some(lhs)) = (operands.pop(), operands.pop()) else {
        return;
    };
    let (start, end) = (lhs.start, rhs.end);
    let expr = super::binary(ctx, op, lhs.expr, rhs.expr, start, end);
    operands.push(Operand { expr, start, end });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::ExprKind;
    use crate::span::FileId;

    fn leaf(ctx: &ParseCtx<'_>, at: usize) -> Expr {
        ctx.expr(ExprKind::Number(at as f64), at, at + 1)
    }

    /// Renders a tree with parentheses around every binary node.
    fn shape(expr: &Expr) -> String {
        match &expr.kind {
            ExprKind::Binary { op, lhs, rhs } => {
                format!("({} {} {})", shape(lhs), op.symbol(), shape(rhs))
            }
            ExprKind::Number(n) => n.to_string(),
            _ => "?".to_string(),
        }
    }

    fn resolved(ops: &[BinaryOp]) -> String {
        let ctx = ParseCtx::new(FileId(0), "");
        let mut chain = OperatorChain::new(leaf(&ctx, 0), 0, 1);
        for (i, op) in ops.iter().enumerate() {
            chain.push(*op, leaf(&ctx, i + 1), i + 1, i + 2);
        }
        shape(&resolve_chain(&ctx, chain))
    }

    #[test]
    fn precedence_and_associativity() {
        use BinaryOp::*;
        assert_eq!(resolved(&[]), "0");
        assert_eq!(resolved(&[Sub]), "(0 - 1)");
        assert_eq!(resolved(&[Add, Mul]), "(0 + (1 * 2))");
        assert_eq!(resolved(&[Mul, Add]), "((0 * 1) + 2)");
        assert_eq!(resolved(&[Sub, Sub]), "((0 - 1) - 2)");
        assert_eq!(resolved(&[Pow, Pow]), "(0 ** (1 ** 2))");
        assert_eq!(resolved(&[Nullish, Or]), "((0 ?? 1) || 2)");
        assert_eq!(resolved(&[Or, Nullish]), "(0 || (1 ?? 2))");
        assert_eq!(resolved(&[ConfidenceCoalesce, Nullish]), "((0 ~?? 1) ?? 2)");
        assert_eq!(
            resolved(&[And, Eq, Lt, Add, Mul, Pow]),
            "(0 && (1 == (2 < (3 + (4 * (5 ** 6))))))"
        );
        assert_eq!(resolved(&[ParallelConfidence, ThresholdGate]), "((0 ~||> 1) ~@> 2)");
    }

    #[test]
    fn long_chains_need_no_recursion() {
        let ops = vec![BinaryOp::Add; 100_000];
        let ctx = ParseCtx::new(FileId(0), "");
        let mut chain = OperatorChain::new(leaf(&ctx, 0), 0, 1);
        for op in &ops {
            chain.push(*op, leaf(&ctx, 1), 1, 2);
        }
        let mut tree = resolve_chain(&ctx, chain);
        // Take the left spine apart iteratively rather than dropping it recursively.
        let mut depth = 0;
        loop {
            let kind = std::mem::replace(&mut tree.kind, ExprKind::Null);
            match kind {
                ExprKind::Binary { lhs, .. } => {
                    tree = *lhs;
                    depth += 1;
                }
                _ => break,
            }
        }
        assert_eq!(depth, 100_000);
    }
}
