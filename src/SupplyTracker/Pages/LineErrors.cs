using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace SupplyTracker.Pages;

/// <summary>
/// Puts the line number in front of a line's errors ("第 3 行：…"), so the summary at the top says which line to fix;
/// the message next to the field reads the same.
/// </summary>
public static class LineErrors
{
    public static void NameLines(ModelStateDictionary modelState, IStringLocalizer t, Func<string, int?> lineNumberOf)
    {
        foreach (var (key, entry) in modelState.ToList())
        {
            if (entry is null || entry.Errors.Count == 0 || lineNumberOf(key) is not { } line) continue;
            var messages = entry.Errors.Select(e => e.ErrorMessage).ToList();
            entry.Errors.Clear();
            foreach (var message in messages) entry.Errors.Add(t["Line {0}: {1}", line, message].Value);
        }
    }
}
