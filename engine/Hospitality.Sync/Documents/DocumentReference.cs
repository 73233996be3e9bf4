namespace Hospitality.Sync.Documents;

/// <summary>
/// A top-level identifier field of a property-scoped document that names a document of a
/// <see cref="DocumentScope.Followed"/> collection (a reservation's <c>guestId</c>): the property
/// the referencing document belongs to follows the referenced one.
/// </summary>
public sealed record DocumentReference(string Field, string Collection);
