using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Hospitality.Reports.Model;
using Hospitality.Reports.Verdicts;

namespace Hospitality.Reports.JUnit;

/// <summary>
/// JUnit XML, the test-result format every CI server reads (<c>hsim run --junit</c>, <c>hsim check --junit</c>):
/// one suite, one case per target and one for convergence, failures carrying the figure against its limit.
/// </summary>
public static class JUnitXml
{
    /// <summary>A run's cases: convergence first, then one per target of its scenario.</summary>
    public static IReadOnlyList<JUnitCase> Cases(RunReport run)
    {
        var invariant = CultureInfo.InvariantCulture;
        var className = $"hsim.{run.Variant}.seed-{run.Seed}";
        var convergence = new JUnitCase(
            className,
            "convergence",
            run.WallSeconds,
            run.Convergence.Converged ? null : string.Create(invariant, $"{run.Convergence.Divergences} divergences after the run ({run.Convergence.AcknowledgedWrites:N0} acknowledged writes, {run.Convergence.Replicas} replicas); trace {run.TraceHash}"));
        return [convergence, .. run.Targets.Select(target => Case(className, target))];
    }

    public static XDocument Document(string suiteName, IReadOnlyList<JUnitCase> cases)
    {
        var invariant = CultureInfo.InvariantCulture;
        var failures = cases.Count(each => each.Failure is not null);
        var skipped = cases.Count(each => each.Skipped is not null);
        var seconds = cases.Sum(each => each.Seconds).ToString("0.###", invariant);
        var suite = new XElement(
            "testsuite",
            new XAttribute("name", Clean(suiteName)),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("skipped", skipped),
            new XAttribute("time", seconds),
            cases.Select(Element));
        return new XDocument(new XElement(
            "testsuites",
            new XAttribute("name", "hsim"),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("skipped", skipped),
            new XAttribute("time", seconds),
            suite));
    }

    /// <summary>Writes the file whole or not at all (<see cref="AtomicFile"/>).</summary>
    public static void Write(string path, string suiteName, IReadOnlyList<JUnitCase> cases)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var bytes = new MemoryStream();
        using (var writer = XmlWriter.Create(bytes, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            Document(suiteName, cases).Save(writer);
        }

        AtomicFile.WriteAllBytes(full, bytes.ToArray());
    }

    private static JUnitCase Case(string className, TargetResult target)
    {
        var invariant = CultureInfo.InvariantCulture;
        var measured = target.Measured is { } value ? string.Create(invariant, $"measured {value:G4} {target.Unit}") : "not measured";
        var against = string.Create(invariant, $"{measured}, limit {target.Limit:G4} {target.Unit} (documented: {target.Expected}; {VerdictText.Of(target.Phase)})");
        return target.Verdict switch
        {
            TargetVerdict.Fail => new JUnitCase(className, target.Id, 0, Failure: against),
            TargetVerdict.UnexpectedPass => new JUnitCase(className, target.Id, 0, Failure: $"{against}: the scenario expects this target to fail, and it passed"),
            TargetVerdict.NotMeasured => new JUnitCase(className, target.Id, 0, Skipped: $"{measured}: {target.Description}"),
            TargetVerdict.ExpectedFail => new JUnitCase(className, target.Id, 0, Output: $"{against}: fails, as the scenario expects: {target.FailureExpectedBecause}"),
            _ => new JUnitCase(className, target.Id, 0, Output: against),
        };
    }

    private static XElement Element(JUnitCase each)
    {
        var element = new XElement(
            "testcase",
            new XAttribute("classname", Clean(each.ClassName)),
            new XAttribute("name", Clean(each.Name)),
            new XAttribute("time", each.Seconds.ToString("0.###", CultureInfo.InvariantCulture)));
        if (each.Failure is { } failure)
        {
            element.Add(new XElement("failure", new XAttribute("message", Clean(failure)), new XAttribute("type", "hsim"), Clean(failure)));
        }

        if (each.Skipped is { } skipped)
        {
            element.Add(new XElement("skipped", new XAttribute("message", Clean(skipped))));
        }

        if (each.Output is { } output)
        {
            element.Add(new XElement("system-out", Clean(output)));
        }

        return element;
    }

    // Names come from scenario files, and YAML can spell characters XML 1.0 cannot hold ("\0"): those become U+FFFD.
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                clean.Append(text, i++, 2);
            }
            else
            {
                clean.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }

        return clean.ToString();
    }
}
