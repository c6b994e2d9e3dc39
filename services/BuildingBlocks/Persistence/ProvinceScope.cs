using System.Linq.Expressions;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.BuildingBlocks.Persistence;

/// <summary>
/// The one query-side form of <see cref="Actor.HeldToProvince"/>: lists, exports and counts of an
/// actor held to a province (a province role, or any key or account created with a province) read
/// only that province's records; a national actor reads them all.
/// </summary>
public static class ProvinceScope
{
    /// <param name="province">Where the record's province is, e.g. <c>d =&gt; d.School.Province</c>.</param>
    public static IQueryable<T> HeldTo<T>(this IQueryable<T> query, Actor actor, Expression<Func<T, string>> province)
    {
        if (!actor.HeldToProvince) return query;
        // A province role without a province matches nothing rather than everything.
        var own = Expression.Constant(actor.Province ?? "", typeof(string));
        return query.Where(Expression.Lambda<Func<T, bool>>(Expression.Equal(province.Body, own), province.Parameters));
    }
}
