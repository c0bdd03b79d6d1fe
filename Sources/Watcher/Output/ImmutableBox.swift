/// An immutable value behind a reference, for large values kept by the thousand in dictionaries
/// (a day's stories and their inputs): a dictionary has about twice as many slots as entries,
/// and each slot would otherwise hold the whole value inline. A new value is a new box, so the
/// value semantics of the struct holding it stay as they were.
final class ImmutableBox<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
