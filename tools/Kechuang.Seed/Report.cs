using System.Text;

namespace Kechuang.Seed;

/// <summary>The end of a seed on stdout: what the system holds, and the accounts to sign in with.</summary>
public static class Report
{
    public static string Of(SeedResult result, Uri gateway, string password)
    {
        var text = new StringBuilder();
        text.AppendLine(result.AlreadySeeded
            ? $"The demo data set was already there: nothing added ({result.Elapsed.TotalSeconds:0.0} s)."
            : $"Seeded in {result.Elapsed.TotalSeconds:0.0} s: {result.Writes} writes through the gateway"
              + (result.Replays > 0 ? $" ({result.Replays} more replayed from an earlier run)" : "") + $", {result.Certificates} certificates issued.");
        text.AppendLine();
        text.AppendLine("The system now holds:");
        text.Append(result.Census);
        text.AppendLine();
        text.AppendLine($"Demo accounts (dashboard: {gateway}, API: POST {gateway}api/v1/auth/token), all with the password");
        text.AppendLine($"  {password}");
        text.AppendLine("(kept in ~/.config/kechuang/secrets as demo_password):");
        foreach (var account in result.Accounts.Where(a => a.Featured).OrderBy(a => RoleOrder(a.Role)))
            text.AppendLine($"  {account.Role,-9} {account.Username,-14} {account.Description}{(account.Province is { } p && !account.Description.StartsWith(p, StringComparison.Ordinal) ? $"（{p}）" : "")}");
        var others = result.Accounts.Where(a => !a.Featured).Select(a => a.Username).ToList();
        text.AppendLine($"  and {others.Count} more: every province's association as demo.<pinyin> (demo.beijing … demo.xinjiang),");
        text.AppendLine($"  {string.Join(", ", others.Where(u => !u.StartsWith("demo.", StringComparison.Ordinal)))}.");
        return text.ToString();
    }

    private static int RoleOrder(string role) => Array.IndexOf(["admin", "centre", "province", "unit", "school", "expert", "trainer", "operator", "reader"], role);
}
