//! A walk over every expression of a subtree that uses an explicit stack instead of recursion,
//! so that it cannot overflow the call stack however deep the tree is.

use super::*;

/// A node of any kind, borrowed mutably, as held on the walk's stack.
pub enum NodeMut<'a> {
    Expr(&'a mut Expr),
    Stmt(&'a mut Stmt),
    Block(&'a mut Block),
    Pattern(&'a mut Pattern),
    MatchPattern(&'a mut MatchPattern),
}

/// Calls `visit` on every expression under `root` (itself included), parents before children.
/// The walk enters everything: lambda and function bodies, patterns (thresholds and defaults),
/// match arms, template holes.
pub fn for_each_expr_mut(root: NodeMut<'_>, mut visit: impl FnMut(&mut Expr)) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match node {
            NodeMut::Expr(expr) => {
                visit(expr);
                push_expr_children(&mut expr.kind, &mut stack);
            }
            NodeMut::Stmt(stmt) => push_stmt_children(&mut stmt.kind, &mut stack),
            NodeMut::Block(block) => stack.extend(block.stmts.iter_mut().map(NodeMut::Stmt)),
            NodeMut::Pattern(pattern) => push_pattern_children(&mut pattern.kind, &mut stack),
            NodeMut::MatchPattern(pattern) => push_match_pattern_children(pattern, &mut stack),
        }
    }
}

fn push_expr_children<'a>(kind: &'a mut ExprKind, stack: &mut Vec<NodeMut<'a>>) {
    use ExprKind::*;
    match kind {
        Number(_) | String(_) | Bool(_) | Null | Ident(_) | Placeholder => {}
        Template(parts) => {
            for part in parts {
                if let TemplatePart::Hole(e) = part {
                    stack.push(NodeMut::Expr(e));
                }
            }
        }
        Array(elements) => {
            for element in elements {
                match element {
                    ArrayElement::Expr(e) | ArrayElement::Spread { argument: e, .. } => {
                        stack.push(NodeMut::Expr(e))
                    }
                    ArrayElement::Hole(_) => {}
                }
            }
        }
        Object(props) => {
            for prop in props {
                match prop {
                    ObjectProp::Property { key, value, .. } => {
                        if let PropKey::Computed(k) = key {
                            stack.push(NodeMut::Expr(k));
                        }
                        stack.push(NodeMut::Expr(value));
                    }
                    ObjectProp::Spread { argument, .. } => stack.push(NodeMut::Expr(argument)),
                }
            }
        }
        Function(function) => push_function_children(function, stack),
        Lambda(lambda) => {
            push_params(&mut lambda.params, stack);
            match &mut lambda.body {
                LambdaBody::Expr(e) => stack.push(NodeMut::Expr(e)),
                LambdaBody::Block(b) => stack.push(NodeMut::Block(b)),
            }
        }
        Unary { operand, .. } => stack.push(NodeMut::Expr(operand)),
        Update { target, .. } => push_target(target, stack),
        Binary { lhs, rhs, .. } => {
            stack.push(NodeMut::Expr(lhs));
            stack.push(NodeMut::Expr(rhs));
        }
        Confidence { value, confidence } => {
            stack.push(NodeMut::Expr(value));
            stack.push(NodeMut::Expr(confidence));
        }
        Conditional { cond, then_branch, else_branch }
        | ConfidentConditional { cond, then_branch, else_branch } => {
            stack.push(NodeMut::Expr(cond));
            stack.push(NodeMut::Expr(then_branch));
            stack.push(NodeMut::Expr(else_branch));
        }
        Member { object, .. } => stack.push(NodeMut::Expr(object)),
        Index { object, index, .. } => {
            stack.push(NodeMut::Expr(object));
            stack.push(NodeMut::Expr(index));
        }
        Call { callee, args, .. } => {
            stack.push(NodeMut::Expr(callee));
            for arg in args {
                match arg {
                    Argument::Expr(e) | Argument::Spread { argument: e, .. } => {
                        stack.push(NodeMut::Expr(e))
                    }
                }
            }
        }
        Pipe { lhs, rhs, .. } => {
            stack.push(NodeMut::Expr(lhs));
            stack.push(NodeMut::Expr(rhs));
        }
        Match { scrutinee, arms } => {
            stack.push(NodeMut::Expr(scrutinee));
            for arm in arms {
                stack.push(NodeMut::MatchPattern(&mut arm.pattern));
                stack.extend(arm.threshold.as_mut().map(NodeMut::Expr));
                stack.extend(arm.guard.as_mut().map(NodeMut::Expr));
                match &mut arm.body {
                    ArmBody::Expr(e) => stack.push(NodeMut::Expr(e)),
                    ArmBody::Block(b) => stack.push(NodeMut::Block(b)),
                }
            }
        }
        Assign { target, value, .. } => {
            push_target(target, stack);
            stack.push(NodeMut::Expr(value));
        }
    }
}

fn push_target<'a>(target: &'a mut AssignTarget, stack: &mut Vec<NodeMut<'a>>) {
    match target {
        AssignTarget::Name(_) => {}
        AssignTarget::Member { object, .. } => stack.push(NodeMut::Expr(object)),
        AssignTarget::Index { object, index } => {
            stack.push(NodeMut::Expr(object));
            stack.push(NodeMut::Expr(index));
        }
        AssignTarget::Pattern { pattern, threshold } => {
            stack.push(NodeMut::Pattern(pattern));
            stack.extend(threshold.as_deref_mut().map(NodeMut::Expr));
        }
    }
}

fn push_function_children<'a>(function: &'a mut Function, stack: &mut Vec<NodeMut<'a>>) {
    push_params(&mut function.params, stack);
    stack.extend(function.confidence.as_mut().map(NodeMut::Expr));
    stack.push(NodeMut::Block(&mut function.body));
}

fn push_params<'a>(params: &'a mut [Param], stack: &mut Vec<NodeMut<'a>>) {
    for param in params {
        stack.push(NodeMut::Pattern(&mut param.pattern));
        stack.extend(param.default.as_mut().map(NodeMut::Expr));
    }
}

fn push_let<'a>(decl: &'a mut LetDecl, stack: &mut Vec<NodeMut<'a>>) {
    stack.push(NodeMut::Pattern(&mut decl.pattern));
    stack.extend(decl.init.as_mut().map(NodeMut::Expr));
}

fn push_for_init<'a>(init: Option<&'a mut ForInit>, stack: &mut Vec<NodeMut<'a>>) {
    match init {
        Some(ForInit::Let(decl)) => push_let(decl, stack),
        Some(ForInit::Expr(e)) => stack.push(NodeMut::Expr(e)),
        None => {}
    }
}

fn push_stmt_children<'a>(kind: &'a mut StmtKind, stack: &mut Vec<NodeMut<'a>>) {
    use StmtKind::*;
    match kind {
        Expr(e) | Throw(e) => stack.push(NodeMut::Expr(e)),
        Let(decl) => push_let(decl, stack),
        Function(function) => push_function_children(function, stack),
        Return(value) => stack.extend(value.as_mut().map(NodeMut::Expr)),
        If { cond, then_branch, else_branch } => {
            stack.push(NodeMut::Expr(cond));
            stack.push(NodeMut::Stmt(then_branch));
            stack.extend(else_branch.as_mut().map(|s| NodeMut::Stmt(s)));
        }
        While { cond, body } | DoWhile { body, cond } => {
            stack.push(NodeMut::Expr(cond));
            stack.push(NodeMut::Stmt(body));
        }
        For { init, cond, update, body } => {
            push_for_init(init.as_deref_mut(), stack);
            stack.extend(cond.as_deref_mut().map(NodeMut::Expr));
            stack.extend(update.as_deref_mut().map(NodeMut::Expr));
            stack.push(NodeMut::Stmt(body));
        }
        ForIn { iterable, body, .. } => {
            stack.push(NodeMut::Expr(iterable));
            stack.push(NodeMut::Stmt(body));
        }
        ForOf { pattern, iterable, body, .. } => {
            stack.push(NodeMut::Pattern(pattern));
            stack.push(NodeMut::Expr(iterable));
            stack.push(NodeMut::Stmt(body));
        }
        Uncertain(uncertain) => {
            match &mut uncertain.head {
                UncertainHead::If { cond } | UncertainHead::While { cond } => {
                    stack.push(NodeMut::Expr(cond))
                }
                UncertainHead::For { init, cond, update } => {
                    push_for_init(init.as_mut(), stack);
                    stack.extend(cond.as_mut().map(NodeMut::Expr));
                    stack.extend(update.as_mut().map(NodeMut::Expr));
                }
            }
            stack.extend(uncertain.branches.iter_mut().map(|b| NodeMut::Block(&mut b.body)));
        }
        Break | Continue | Import(_) => {}
        Try { body, catch, finally } => {
            stack.push(NodeMut::Block(body));
            stack.extend(catch.as_mut().map(|c| NodeMut::Block(&mut c.body)));
            stack.extend(finally.as_mut().map(NodeMut::Block));
        }
        Block(block) => stack.push(NodeMut::Block(block)),
        Export(export) => match export {
            super::Export::Default(e) => stack.push(NodeMut::Expr(e)),
            super::Export::Assign { value, .. } => stack.push(NodeMut::Expr(value)),
            super::Export::Let(decl) => push_let(decl, stack),
            super::Export::Function(function) => push_function_children(function, stack),
            super::Export::Named { .. } | super::Export::All { .. } => {}
        },
        Agents(agents) => {
            for agent in agents {
                stack.extend(agent.config.iter_mut().map(|entry| NodeMut::Expr(&mut entry.value)));
            }
        }
        Context { body, .. } => stack.push(NodeMut::Block(body)),
    }
}

fn push_pattern_children<'a>(kind: &'a mut PatternKind, stack: &mut Vec<NodeMut<'a>>) {
    match kind {
        PatternKind::Ident(_) => {}
        PatternKind::Array { elements, rest } => {
            for element in elements {
                if let ArrayPatternElement::Element { pattern, threshold } = element {
                    stack.push(NodeMut::Pattern(pattern));
                    stack.extend(threshold.as_mut().map(NodeMut::Expr));
                }
            }
            stack.extend(rest.as_mut().map(|p| NodeMut::Pattern(p)));
        }
        PatternKind::Object { props, .. } => {
            for prop in props {
                if let PropKey::Computed(k) = &mut prop.key {
                    stack.push(NodeMut::Expr(k));
                }
                stack.push(NodeMut::Pattern(&mut prop.value));
                stack.extend(prop.threshold.as_mut().map(NodeMut::Expr));
                stack.extend(prop.default.as_mut().map(NodeMut::Expr));
            }
        }
    }
}

fn push_match_pattern_children<'a>(pattern: &'a mut MatchPattern, stack: &mut Vec<NodeMut<'a>>) {
    match &mut pattern.kind {
        MatchPatternKind::Wildcard
        | MatchPatternKind::Literal(_)
        | MatchPatternKind::Binding(_) => {}
        MatchPatternKind::Array { elements, .. } => {
            for element in elements {
                if let MatchArrayElement::Element { pattern, threshold } = element {
                    stack.push(NodeMut::MatchPattern(pattern));
                    stack.extend(threshold.as_mut().map(NodeMut::Expr));
                }
            }
        }
        MatchPatternKind::Object { props, .. } => {
            for prop in props {
                if let PropKey::Computed(k) = &mut prop.key {
                    stack.push(NodeMut::Expr(k));
                }
                stack.push(NodeMut::MatchPattern(&mut prop.pattern));
                stack.extend(prop.threshold.as_mut().map(NodeMut::Expr));
            }
        }
    }
}

/// Calls `f`, in evaluation order, on the operands of an expression whose children are all
/// plain expressions of the enclosing scope: template holes, array elements, object keys and
/// values, unary and binary operands, both sides of `~>`, conditionals, member and index
/// access, calls (callee, then arguments). Other kinds — names, literals, functions, lambdas,
/// updates, assignments, pipelines and `match` — have no such operands here: each walk
/// decides what they mean.
pub fn for_each_operand<'a>(expr: &'a Expr, mut f: impl FnMut(&'a Expr)) {
    match &expr.kind {
        ExprKind::Template(parts) => {
            for part in parts {
                if let TemplatePart::Hole(e) = part {
                    f(e);
                }
            }
        }
        ExprKind::Array(elements) => {
            for element in elements {
                if let ArrayElement::Expr(e) | ArrayElement::Spread { argument: e, .. } = element {
                    f(e);
                }
            }
        }
        ExprKind::Object(props) => {
            for prop in props {
                match prop {
                    ObjectProp::Property { key, value, .. } => {
                        if let PropKey::Computed(k) = key {
                            f(k);
                        }
                        f(value);
                    }
                    ObjectProp::Spread { argument, .. } => f(argument),
                }
            }
        }
        ExprKind::Unary { operand, .. } => f(operand),
        ExprKind::Binary { lhs, rhs, .. } => {
            f(lhs);
            f(rhs);
        }
        ExprKind::Confidence { value, confidence } => {
            f(value);
            f(confidence);
        }
        ExprKind::Conditional { cond, then_branch, else_branch }
        | ExprKind::ConfidentConditional { cond, then_branch, else_branch } => {
            f(cond);
            f(then_branch);
            f(else_branch);
        }
        ExprKind::Member { object, .. } => f(object),
        ExprKind::Index { object, index, .. } => {
            f(object);
            f(index);
        }
        ExprKind::Call { callee, args, .. } => {
            f(callee);
            for arg in args {
                let (Argument::Expr(e) | Argument::Spread { argument: e, .. }) = arg;
                f(e);
            }
        }
        ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::Bool(_)
        | ExprKind::Null
        | ExprKind::Ident(_)
        | ExprKind::Placeholder
        | ExprKind::Function(_)
        | ExprKind::Lambda(_)
        | ExprKind::Update { .. }
        | ExprKind::Assign { .. }
        | ExprKind::Pipe { .. }
        | ExprKind::Match { .. } => {}
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclaredKind {
    Let,
    Const,
    Function,
}

/// Calls `f` on the `let`/`const` names (patterns included) and function declarations
/// directly in `stmts`, in order.
pub fn each_declaration<'a>(stmts: &'a [Stmt], f: &mut dyn FnMut(&'a Ident, DeclaredKind)) {
    for stmt in stmts {
        match &stmt.kind {
            StmtKind::Let(decl) | StmtKind::Export(Export::Let(decl)) => {
                let kind = match decl.kind {
                    DeclKind::Let => DeclaredKind::Let,
                    DeclKind::Const => DeclaredKind::Const,
                };
                pattern_names(&decl.pattern, &mut |ident| f(ident, kind));
            }
            StmtKind::Function(f_decl) | StmtKind::Export(Export::Function(f_decl)) => {
                if let Some(name) = &f_decl.name {
                    f(name, DeclaredKind::Function);
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` on every name a binding pattern binds.
pub fn pattern_names<'a>(pattern: &'a Pattern, f: &mut dyn FnMut(&'a Ident)) {
    match &pattern.kind {
        PatternKind::Ident(ident) => f(ident),
        PatternKind::Array { elements, rest } => {
            for element in elements {
                if let ArrayPatternElement::Element { pattern, .. } = element {
                    pattern_names(pattern, f);
                }
            }
            if let Some(rest) = rest {
                pattern_names(rest, f);
            }
        }
        PatternKind::Object { props, rest } => {
            for prop in props {
                pattern_names(&prop.value, f);
            }
            if let Some(rest) = rest {
                f(rest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn num(id: u32, v: f64) -> Expr {
        Expr { id: NodeId(id), kind: ExprKind::Number(v), span: Span::default() }
    }

    #[test]
    fn visits_every_expression_of_a_deep_chain_without_recursion() {
        let mut expr = num(0, 0.0);
        for i in 1..200_000 {
            expr = Expr {
                id: NodeId(i),
                kind: ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(expr) },
                span: Span::default(),
            };
        }
        let mut count = 0;
        for_each_expr_mut(NodeMut::Expr(&mut expr), |_| count += 1);
        assert_eq!(count, 200_000);
        // Dropping such a chain recursively would overflow; dismantle it iteratively.
        let mut current = Some(expr);
        while let Some(e) = current.take() {
            if let ExprKind::Unary { operand, .. } = e.kind {
                current = Some(*operand);
            }
        }
    }
}
