//! Expressions: operators, member and index access, calls and primitive signatures.

use super::*;

impl<'a> Checker<'a> {
    pub(super) fn expr(&mut self, e: &Expr) -> Ty {
        match &e.kind {
            ExprKind::Number(n) => Ty::Number(Some(*n)),
            ExprKind::String(_) => Ty::String,
            ExprKind::Template(parts) => {
                for part in parts {
                    if let TemplatePart::Hole(h) = part {
                        self.expr(h);
                    }
                }
                Ty::String
            }
            ExprKind::Bool(_) => Ty::Bool,
            ExprKind::Null => Ty::Null,
            ExprKind::Ident(ident) => match self.res.resolve(ident.span) {
                Resolved::Binding(b) => {
                    self.check_assigned(b, ident);
                    self.read_binding(b)
                }
                Resolved::Unresolved => Ty::Dynamic,
            },
            ExprKind::Placeholder => Ty::Dynamic,
            ExprKind::Array(elements) => {
                let mut elem: Option<Ty> = None;
                let mut len = Some(0usize);
                for element in elements {
                    match element {
                        ArrayElement::Expr(x) => {
                            let t = self.expr(x).stored();
                            elem = Some(elem.map_or(t.clone(), |a| join(&a, &t)));
                            len = len.map(|n| n + 1);
                        }
                        ArrayElement::Spread { argument, .. } => {
                            self.expr(argument);
                            elem = Some(Ty::Dynamic);
                            len = None;
                        }
                        ArrayElement::Hole(_) => {
                            elem = Some(Ty::Dynamic);
                            len = None;
                        }
                    }
                }
                Ty::array(elem.unwrap_or(Ty::Dynamic), len)
            }
            ExprKind::Object(props) => {
                let mut fields: Vec<(Rc<str>, Ty)> = Vec::new();
                let mut closed = true;
                for prop in props {
                    match prop {
                        ObjectProp::Property { key, value, .. } => {
                            let t = self.expr(value).stored();
                            let name = match key {
                                PropKey::Ident(i) => Some(i.name.shared_text()),
                                PropKey::String(s) => Some(Rc::from(s.value.as_str())),
                                PropKey::Computed(k) => {
                                    self.expr(k);
                                    closed = false;
                                    None
                                }
                            };
                            if let Some(name) = name {
                                fields.retain(|(k, _)| *k != name);
                                fields.push((name, t));
                            }
                        }
                        ObjectProp::Spread { argument, .. } => {
                            self.expr(argument);
                            closed = false;
                        }
                    }
                }
                Ty::object(fields, closed, Some(e.span))
            }
            ExprKind::Function(f) => self.function(f),
            ExprKind::Lambda(l) => self.lambda(l),
            ExprKind::Unary { op, operand } => self.unary(*op, operand, e.span),
            ExprKind::Update { target, .. } => {
                let t = self.read_target(target);
                if let AssignTarget::Name(ident) = &**target {
                    let nt = if t.may_be_confident() { Ty::Dynamic } else { Ty::number() };
                    self.set_ident(ident, nt);
                }
                if t.may_be_confident() { Ty::Dynamic } else { Ty::number() }
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary_expr(*op, lhs, rhs, e.span),
            ExprKind::Confidence { value, confidence } => {
                let vt = self.expr(value);
                let ct = self.expr(confidence);
                let literal = literal_number(confidence);
                if let Some(c) = literal
                    && !(0.0..=1.0).contains(&c)
                {
                    self.error(
                        Diagnostic::error(
                            codes::CONFIDENCE_OUT_OF_RANGE,
                            format!("confidence {} is outside [0, 1]", number_text(c)),
                        )
                        .with_primary(self.file, confidence.span, "not between 0 and 1")
                        .with_note("a confidence is a number between 0 and 1; the reference interpreter silently clamped it")
                        .with_help(format!("write a confidence between 0 and 1, e.g. `~> {}`", number_text(c.clamp(0.0, 1.0)))),
                    );
                } else {
                    let inner = match &ct {
                        Ty::Confident(inner, _) => &**inner,
                        other => other,
                    };
                    if let Some(kind) = inner.kind_name()
                        && kind != "number"
                    {
                        self.error(
                            Diagnostic::error(
                                codes::CONFIDENCE_NOT_NUMBER,
                                "Confidence value must be a number",
                            )
                            .with_primary(
                                self.file,
                                confidence.span,
                                format!("this is {}", describe(&ct)),
                            )
                            .with_secondary(self.file, value.span, "this value gets the confidence")
                            .with_help("give a number between 0 and 1, e.g. `x ~> 0.8`"),
                        );
                    }
                }
                let c = literal.or(ct.const_number()).filter(|c| (0.0..=1.0).contains(c));
                Ty::Confident(Rc::new(vt), c)
            }
            ExprKind::Conditional { cond, then_branch, else_branch } => {
                self.condition_warning(cond);
                self.expr(cond);
                let (tn, en) = self.narrowings(cond);
                let mark = self.trail.len();
                self.apply(&tn);
                let a = self.expr(then_branch);
                let ca = self.take_changes(mark);
                self.apply(&en);
                let b = self.expr(else_branch);
                let cb = self.take_changes(mark);
                self.merge(&[ca, cb], false);
                join(&a, &b)
            }
            ExprKind::ConfidentConditional { cond, then_branch, else_branch } => {
                self.expr(cond);
                let mark = self.trail.len();
                let a = self.expr(then_branch);
                let ca = self.take_changes(mark);
                let b = self.expr(else_branch);
                let cb = self.take_changes(mark);
                self.merge(&[ca, cb], false);
                Ty::Confident(Rc::new(join(a.base(), b.base())), None)
            }
            ExprKind::Member { object, property, access } => {
                let ot = self.expr(object);
                self.member(&ot, object.span, property, *access)
            }
            ExprKind::Index { object, index, optional } => {
                let ot = self.expr(object);
                let it = self.expr(index);
                self.index(&ot, &it, index.span, object.span, *optional)
            }
            ExprKind::Call { callee, args, optional } => self.call(callee, args, *optional, e.span),
            ExprKind::Pipe { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
                Ty::Dynamic
            }
            ExprKind::Match { scrutinee, arms } => {
                self.expr(scrutinee);
                let mark = self.trail.len();
                let mut branches = Vec::new();
                for arm in arms {
                    if let Some(t) = &arm.threshold {
                        self.expr(t);
                    }
                    if let Some(g) = &arm.guard {
                        self.expr(g);
                    }
                    match &arm.body {
                        ArmBody::Expr(x) => {
                            self.expr(x);
                        }
                        ArmBody::Block(b) => {
                            self.block(&b.stmts, false);
                        }
                    }
                    branches.push(self.take_changes(mark));
                }
                self.merge(&branches, true);
                Ty::Dynamic
            }
            ExprKind::Assign { target, op, value } => {
                let t = match op.binary() {
                    None => self.expr(value),
                    Some(bop) => {
                        let lt = self.read_target(target);
                        let rt = self.expr(value);
                        self.binary(bop, &lt, &rt, e.span, e.span, value.span)
                    }
                };
                match &**target {
                    AssignTarget::Name(ident) => self.set_ident(ident, t.clone()),
                    AssignTarget::Member { object, .. } => {
                        self.expr(object);
                    }
                    AssignTarget::Index { object, index } => {
                        self.expr(object);
                        self.expr(index);
                    }
                    AssignTarget::Pattern { pattern, threshold } => {
                        if let Some(th) = threshold {
                            self.expr(th);
                        }
                        self.bind_pattern(pattern, t.clone(), value.span);
                    }
                }
                t
            }
        }
    }

    /// The current value of an assignment target (for compound assignment and `++`).
    pub(super) fn read_target(&mut self, target: &AssignTarget) -> Ty {
        match target {
            AssignTarget::Name(ident) => match self.res.resolve(ident.span) {
                Resolved::Binding(b) => self.read_binding(b),
                Resolved::Unresolved => Ty::Dynamic,
            },
            AssignTarget::Member { object, .. } => {
                self.expr(object);
                Ty::Dynamic
            }
            AssignTarget::Index { object, index } => {
                self.expr(object);
                self.expr(index);
                Ty::Dynamic
            }
            AssignTarget::Pattern { .. } => Ty::Dynamic,
        }
    }

    pub(super) fn unary(&mut self, op: UnaryOp, operand: &Expr, span: Span) -> Ty {
        let t = self.expr(operand);
        match op {
            UnaryOp::Not => Ty::Bool,
            UnaryOp::Tilde => t,
            UnaryOp::ConfidenceOf => Ty::number(),
            UnaryOp::Typeof => Ty::String,
            UnaryOp::Await => Ty::Dynamic,
            UnaryOp::Neg => {
                if let Ty::Confident(..) = t {
                    self.error(
                        Diagnostic::error(codes::UNARY_MINUS_CONFIDENT, "Cannot apply unary - to confident")
                            .with_primary(self.file, span, "negating a confident value")
                            .with_secondary(self.file, operand.span, "this value carries a confidence")
                            .with_help("write `0 - x` instead: binary operators unwrap a confident operand and keep its confidence")
                    );
                    return Ty::Dynamic;
                }
                match t.kind_name() {
                    Some("number") => Ty::Number(t.const_number().map(|n| -n)),
                    Some(kind) => {
                        self.error(
                            Diagnostic::error(
                                codes::INVALID_OPERANDS,
                                format!("Cannot apply unary - to {kind}"),
                            )
                            .with_primary(self.file, span, "unary minus needs a number")
                            .with_secondary(self.file, operand.span, format!("this is a {kind}"))
                            .with_help("convert the value first, e.g. `-Number(x)`"),
                        );
                        Ty::Dynamic
                    }
                    None => Ty::Dynamic,
                }
            }
        }
    }

    pub(super) fn binary_expr(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr, span: Span) -> Ty {
        let lt = self.expr(lhs);
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let (tn, en) = self.narrowings(lhs);
                let n = if op == BinaryOp::And { tn } else { en };
                let rt = self.maybe(&n, |c| c.expr(rhs));
                join(&lt, &rt)
            }
            BinaryOp::Nullish => {
                let rt = self.maybe(&[], |c| c.expr(rhs));
                match lt {
                    Ty::Null => rt,
                    _ if !lt.may_be_null() => lt,
                    _ => join(&lt.non_null(), &rt),
                }
            }
            _ => {
                let rt = self.expr(rhs);
                self.binary(op, &lt, &rt, span, lhs.span, rhs.span)
            }
        }
    }

    pub(super) fn binary(
        &mut self,
        op: BinaryOp,
        lt: &Ty,
        rt: &Ty,
        span: Span,
        ls: Span,
        rs: Span,
    ) -> Ty {
        use BinaryOp::*;
        let wrap = |base: Ty| -> Ty {
            if matches!(lt, Ty::Dynamic | Ty::Union(_)) || matches!(rt, Ty::Dynamic | Ty::Union(_))
            {
                return if lt.may_be_confident() || rt.may_be_confident() {
                    Ty::Dynamic
                } else {
                    base
                };
            }
            match (lt, rt) {
                (Ty::Confident(_, a), Ty::Confident(_, b)) => {
                    let c = match (a, b) {
                        (Some(a), Some(b)) => Some(a.min(*b)),
                        _ => None,
                    };
                    Ty::Confident(Rc::new(base), c)
                }
                (Ty::Confident(_, c), _) | (_, Ty::Confident(_, c)) => {
                    Ty::Confident(Rc::new(base), *c)
                }
                _ => base,
            }
        };
        let (lb, rb) = (lt.base(), rt.base());
        let (lk, rk) = (lb.kind_name(), rb.kind_name());
        match op {
            Add => match (lk, rk) {
                (Some("string"), _) | (_, Some("string")) => wrap(Ty::String),
                (Some("number"), Some("number")) => wrap(Ty::number()),
                (Some(a), Some(b)) => {
                    self.operand_error(
                        format!("Cannot apply + to {a} and {b}"),
                        span,
                        (ls, a),
                        (rs, b),
                        "`+` adds two numbers or concatenates when one side is a string",
                    );
                    Ty::Dynamic
                }
                _ => wrap(Ty::Dynamic),
            },
            Sub | Mul | Div | Rem | Pow => match (lk, rk) {
                (Some("number"), Some("number")) => {
                    if matches!(op, Div | Rem) && rb.const_number() == Some(0.0) {
                        let msg = if op == Div { "Division by zero" } else { "Modulo by zero" };
                        self.error(
                                Diagnostic::error(codes::DIVISION_BY_ZERO, msg)
                                    .with_primary(self.file, rs, "this is always 0")
                                    .with_secondary(self.file, span, "so this always fails")
                                    .with_help("Prism does not return Infinity or NaN; guard the divisor, e.g. `d != 0 ? x / d : 0`"),
                            );
                        return Ty::Dynamic;
                    }
                    wrap(Ty::number())
                }
                (Some(a), Some(b)) => {
                    self.operand_error(
                        format!("Cannot apply {} to {a} and {b}", op.symbol()),
                        span,
                        (ls, a),
                        (rs, b),
                        "arithmetic needs numbers on both sides; convert with `Number(x)`",
                    );
                    Ty::Dynamic
                }
                _ => wrap(Ty::number()),
            },
            Lt | Le | Gt | Ge => match (lk, rk) {
                (Some("number"), Some("number")) => wrap(Ty::Bool),
                (Some(a), Some(b)) => {
                    self.operand_error(format!("Cannot compare {a} and {b}"), span, (ls, a), (rs, b),
                        "`<`, `<=`, `>` and `>=` compare numbers only; compare strings with `===` or convert them");
                    Ty::Dynamic
                }
                _ => wrap(Ty::Bool),
            },
            Eq | NotEq | StrictEq | StrictNotEq => wrap(Ty::Bool),
            Instanceof => Ty::Bool,
            And | Or => join(lt, rt),
            Nullish => join(&lt.non_null(), rt),
            ConfidenceThresholdGate => Ty::Dynamic,
            ConfidenceChain | ConfidenceCoalesce | ConfidenceAnd | ConfidenceOr | ConfidenceAdd
            | ConfidenceSub | ConfidenceMul | ConfidenceDiv | ConfidenceEq | ConfidenceNotEq
            | ConfidenceLt | ConfidenceLe | ConfidenceGe | ParallelConfidence | ThresholdGate => {
                if !lt.may_be_confident() && !rt.may_be_confident() {
                    let name = confidence_op_name(op);
                    self.error(
                        Diagnostic::error(codes::CONFIDENCE_OPERANDS_PLAIN, format!("{name} requires confident values"))
                            .with_primary(self.file, span, format!("neither operand of `{}` carries a confidence", op.symbol()))
                            .with_secondary(self.file, ls, format!("{} with no confidence", describe(lt)))
                            .with_secondary(self.file, rs, format!("{} with no confidence", describe(rt)))
                            .with_help("attach a confidence to an operand (`a ~> 0.8`), or use the ordinary operator"),
                    );
                    return Ty::Dynamic;
                }
                match op {
                    ParallelConfidence | ConfidenceCoalesce => join(lt, rt),
                    ThresholdGate => Ty::Dynamic,
                    _ => Ty::Confident(Rc::new(Ty::Dynamic), None),
                }
            }
        }
    }

    pub(super) fn operand_error(
        &mut self,
        message: String,
        span: Span,
        l: (Span, &str),
        r: (Span, &str),
        help: &str,
    ) {
        self.error(
            Diagnostic::error(codes::INVALID_OPERANDS, message)
                .with_primary(self.file, span, "this always fails")
                .with_secondary(self.file, l.0, kind_label(l.1))
                .with_secondary(self.file, r.0, kind_label(r.1))
                .with_help(help),
        );
    }

    pub(super) fn member(
        &mut self,
        ot: &Ty,
        object_span: Span,
        property: &Ident,
        access: MemberAccess,
    ) -> Ty {
        let name = property.name.as_str();
        match access {
            MemberAccess::Optional => {
                let found = self.lookup(&ot.non_null(), name).flatten().unwrap_or(Ty::Null);
                if ot.may_be_null() || matches!(ot, Ty::Object(_)) {
                    join(&found, &Ty::Null)
                } else {
                    found
                }
            }
            MemberAccess::Confident => Ty::Confident(Rc::new(Ty::Dynamic), None),
            MemberAccess::Dot => {
                let (target, conf) = match ot {
                    Ty::Confident(inner, c) => (&**inner, Some(*c)),
                    other => (other, None),
                };
                let found = match target {
                    Ty::Null | Ty::Bool => {
                        let kind = target.kind_name().unwrap_or("null");
                        self.error(
                            Diagnostic::error(
                                codes::MISSING_PROPERTY,
                                format!("Cannot access property '{name}' on {kind}"),
                            )
                            .with_primary(
                                self.file,
                                property.span,
                                format!("{kind} has no properties"),
                            )
                            .with_secondary(
                                self.file,
                                object_span,
                                format!("this is {}", describe(ot)),
                            )
                            .with_help(if kind == "null" {
                                "use `?.` to read a property of a value that may be null"
                            } else {
                                "only objects, arrays and strings have properties"
                            }),
                        );
                        return Ty::Dynamic;
                    }
                    _ => self.lookup(target, name),
                };
                let t = match found {
                    Some(Some(t)) => t,
                    Some(None) => {
                        let mut diag = Diagnostic::error(
                            codes::MISSING_PROPERTY,
                            format!("Property '{name}' does not exist"),
                        )
                        .with_primary(
                            self.file,
                            property.span,
                            format!("no property '{name}'"),
                        );
                        let mut help = format!(
                            "use `?.{name}` or `~.{name}` to read a property that may be missing"
                        );
                        if let Ty::Object(shape) = target {
                            if let Some(origin) = shape.origin {
                                let what = if shape.what == "input" {
                                    "the `@input` schema allows no other properties".to_string()
                                } else {
                                    format!("this object has {}", key_list(shape))
                                };
                                diag = diag.with_secondary(self.file, origin, what);
                            }
                            if let Some(close) =
                                closest(name, shape.fields.iter().map(|(k, _)| &**k))
                            {
                                help = format!("did you mean `{close}`? ({help})");
                            }
                        }
                        self.error(diag.with_help(help));
                        return Ty::Dynamic;
                    }
                    None => Ty::Dynamic,
                };
                match conf {
                    Some(c) => Ty::Confident(Rc::new(t), c),
                    None => t,
                }
            }
        }
    }

    /// `Some(Some(t))`: the property's type; `Some(None)`: certainly missing; `None`: unknown.
    pub(super) fn lookup(&self, target: &Ty, name: &str) -> Option<Option<Ty>> {
        match target {
            Ty::Object(shape) => match shape.what {
                "object" | "input" => Some(shape_field(shape, name)),
                ns => Some(Some(match signatures::member(ns, name) {
                    Some(sig) => sig.fn_ty(),
                    None if ns == "Math" && name == "PI" => Ty::number(),
                    None => Ty::Dynamic,
                })),
            },
            Ty::Array(a) => Some(Some(match name {
                "length" => Ty::Number(a.len.map(|n| n as f64)),
                _ => signatures::array_method(name).map_or(Ty::Dynamic, |s| s.fn_ty()),
            })),
            Ty::String => Some(Some(match name {
                "length" => Ty::number(),
                _ => signatures::string_method(name).map_or(Ty::Dynamic, |s| s.fn_ty()),
            })),
            _ => None,
        }
    }

    pub(super) fn index(
        &mut self,
        ot: &Ty,
        it: &Ty,
        index_span: Span,
        object_span: Span,
        optional: bool,
    ) -> Ty {
        match ot {
            Ty::Array(a) => {
                if let (Some(len), Some(i)) = (a.len, it.const_number())
                    && !optional
                    && (i < 0.0 || i.floor() >= len as f64)
                {
                    self.error(
                        Diagnostic::error(
                            codes::INDEX_OUT_OF_BOUNDS,
                            format!("Array index {} out of bounds", number_text(i.floor())),
                        )
                        .with_primary(self.file, index_span, format!("index {}", number_text(i)))
                        .with_secondary(
                            self.file,
                            object_span,
                            format!(
                                "this array always has {len} element{}",
                                if len == 1 { "" } else { "s" }
                            ),
                        )
                        .with_help(format!(
                            "valid indexes are 0 to {}; use `?.[i]` or check `.length` first",
                            len.saturating_sub(1)
                        )),
                    );
                    return Ty::Dynamic;
                }
                if a.len.is_some() { join(&a.elem, &Ty::Null).non_null() } else { a.elem.clone() }
            }
            _ => Ty::Dynamic,
        }
    }

    pub(super) fn call(
        &mut self,
        callee: &Expr,
        args: &[Argument],
        optional: bool,
        span: Span,
    ) -> Ty {
        let (ct, receiver_confident) = match &callee.kind {
            ExprKind::Member { object, property, access } => {
                let ot = self.expr(object);
                (self.member(&ot, object.span, property, *access), ot.may_be_confident())
            }
            _ => (self.expr(callee), false),
        };
        let mut count = Some(0usize);
        let mut any_confident = receiver_confident;
        let primitive = self.called_primitive(callee);
        for (index, arg) in args.iter().enumerate() {
            match arg {
                Argument::Expr(x) => {
                    let t = self.expr(x);
                    any_confident |= t.may_be_confident();
                    if let Some(primitive) = primitive
                        && count == Some(index)
                    {
                        self.check_primitive_argument(primitive, index, &t, x.span);
                    }
                    count = count.map(|n| n + 1);
                }
                Argument::Spread { argument, .. } => {
                    let t = self.expr(argument);
                    any_confident = true;
                    count = match (count, &t) {
                        (Some(n), Ty::Array(a)) => a.len.map(|k| n + k),
                        _ => None,
                    };
                }
            }
        }
        if optional {
            return Ty::Dynamic;
        }
        match &ct {
            Ty::Function(f) => {
                if let Some(n) = count {
                    self.check_arity(f, n, callee.span, span);
                }
                if let Some(id) = f.function
                    && self.suppress == 0
                {
                    let caller = self.current();
                    self.calls.entry(caller).or_default().push(id);
                }
                match f.kind {
                    FnKind::Builtin(_) if any_confident => Ty::Dynamic,
                    _ => f.ret.clone(),
                }
            }
            Ty::Dynamic | Ty::Union(_) | Ty::Confident(..) => Ty::Dynamic,
            other => {
                let kind = other.kind_name().unwrap_or("value");
                self.error(
                    Diagnostic::error(
                        codes::CALL_NON_FUNCTION,
                        format!("Cannot call non-function value: {kind}"),
                    )
                    .with_primary(
                        self.file,
                        callee.span,
                        format!("this is a {kind}, not a function"),
                    )
                    .with_help("only functions and lambdas can be called"),
                );
                Ty::Dynamic
            }
        }
    }

    /// The primitive a call's callee names, when it is an imported primitive.
    pub(super) fn called_primitive(
        &self,
        callee: &Expr,
    ) -> Option<&'static crate::primitives::Primitive> {
        let ExprKind::Ident(id) = &callee.kind else { return None };
        match self.res.resolve(id.span) {
            crate::resolve::Resolved::Binding(b) => self.primitives.get(&b).copied(),
            crate::resolve::Resolved::Unresolved => None,
        }
    }

    /// P2008: an argument of a primitive that is certainly of the wrong kind.
    pub(super) fn check_primitive_argument(
        &mut self,
        primitive: &'static crate::primitives::Primitive,
        index: usize,
        t: &Ty,
        span: Span,
    ) {
        let Some(param) = primitive.param_at(index) else { return };
        // null stands for "use the default" of an optional parameter.
        if crate::primitives::accepts(param.ty, t) || (param.optional && *t.base() == Ty::Null) {
            return;
        }
        let expected = crate::primitives::type_name(param.ty);
        let found = t.base().kind_name().unwrap_or("value");
        self.error(
            Diagnostic::error(
                codes::WRONG_ARGUMENT_TYPE,
                format!(
                    "Argument `{}` of {}() must be {} {expected}, got {found}",
                    param.name,
                    primitive.name,
                    if expected.starts_with(['a', 'o']) { "an" } else { "a" }
                ),
            )
            .with_primary(self.file, span, format!("this is a {found}"))
            .with_help(format!("signature: {}", primitive.signature_text())),
        );
    }

    pub(super) fn check_arity(&mut self, f: &FnTy, n: usize, callee: Span, span: Span) {
        let too_few = n < f.min;
        let too_many = f.max.is_some_and(|m| n > m);
        if !too_few && !too_many {
            return;
        }
        let message = match f.kind {
            FnKind::Builtin(message) => message.to_string(),
            FnKind::Function | FnKind::Lambda => {
                let who = if f.kind == FnKind::Lambda { "Lambda" } else { "Function" };
                match f.max {
                    Some(m) if m == f.min => format!("{who} expects {m} arguments, got {n}"),
                    Some(m) if too_many => format!("{who} expects at most {m} arguments, got {n}"),
                    _ => format!("{who} expects at least {} arguments, got {n}", f.min),
                }
            }
        };
        let expected = match f.max {
            Some(m) if m == f.min => format!("{m}"),
            Some(m) => format!("{} to {m}", f.min),
            None => format!("at least {}", f.min),
        };
        let mut diag = Diagnostic::error(codes::WRONG_ARGUMENT_COUNT, message).with_primary(
            self.file,
            span,
            format!("called with {n} argument{}", if n == 1 { "" } else { "s" }),
        );
        if let Some(decl) = f.decl {
            diag = diag.with_secondary(
                self.file,
                decl,
                format!(
                    "declared with {expected} parameter{}",
                    if expected == "1" { "" } else { "s" }
                ),
            );
        } else {
            diag = diag.with_secondary(
                self.file,
                callee,
                format!("takes {expected} argument{}", if expected == "1" { "" } else { "s" }),
            );
        }
        self.error(diag.with_help(format!(
            "pass {expected} argument{}",
            if expected == "1" { "" } else { "s" }
        )));
    }
}
