// Counts every test case of every suite (NUnit, CTest/cmocka, ...) so that the Test target can
// close with one line totalling them all: "N passed, N failed".
using System.Xml.Linq;

public sealed record SuiteResult(string Suite, int Passed, int Failed, int Skipped);

public sealed class TestLedger
{
    private readonly List<SuiteResult> _results = new();

    public IReadOnlyList<SuiteResult> Results => _results;
    public int Passed => _results.Sum(r => r.Passed);
    public int Failed => _results.Sum(r => r.Failed);
    public int Skipped => _results.Sum(r => r.Skipped);

    public void Add(SuiteResult result) => _results.Add(result);

    /// <summary>Adds every NUnit assembly recorded in the TRX files of a results folder.</summary>
    public void AddTrxFolder(string suitePrefix, DirectoryPath folder)
    {
        foreach (var trx in System.IO.Directory.GetFiles(folder.FullPath, "*.trx", SearchOption.AllDirectories).OrderBy(f => f))
        {
            var doc = XDocument.Load(trx);
            XNamespace ns = doc.Root!.Name.Namespace;
            var counters = doc.Descendants(ns + "Counters").Single();
            int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0");
            var storage = doc.Descendants(ns + "UnitTest").Select(u => (string?)u.Attribute("storage")).FirstOrDefault();
            var suite = storage is null ? System.IO.Path.GetFileNameWithoutExtension(trx) : System.IO.Path.GetFileNameWithoutExtension(storage);
            var notRun = Count("notExecuted") + Count("inconclusive");
            _results.Add(new SuiteResult($"{suitePrefix} {suite}", Count("passed"), Count("failed") + Count("error") + Count("timeout") + Count("aborted"), notRun));
        }
    }

    /// <summary>
    /// Adds the cases of one CTest run: cmocka writes one JUnit file per test binary; a
    /// binary that CTest saw fail without a cmocka report of the failure (a crash, a
    /// sanitizer abort) counts as one failed case.
    /// </summary>
    public void AddCTest(string suite, FilePath ctestJunit, DirectoryPath cmockaFolder)
    {
        int passed = 0, failed = 0, skipped = 0;
        var cmockaFailures = new Dictionary<string, int>();
        foreach (var xml in System.IO.Directory.GetFiles(cmockaFolder.FullPath, "*.xml"))
        {
            foreach (var testsuite in XDocument.Load(xml).Descendants("testsuite"))
            {
                int Count(string name) => int.Parse((string?)testsuite.Attribute(name) ?? "0");
                var bad = Count("failures") + Count("errors");
                passed += Count("tests") - bad - Count("skipped");
                failed += bad;
                skipped += Count("skipped");
                cmockaFailures[System.IO.Path.GetFileNameWithoutExtension(xml)] = bad;
            }
        }
        if (System.IO.File.Exists(ctestJunit.FullPath))
        {
            foreach (var testcase in XDocument.Load(ctestJunit.FullPath).Descendants("testcase"))
            {
                var name = (string?)testcase.Attribute("name") ?? "";
                var ctestFailed = (string?)testcase.Attribute("status") == "fail" || testcase.Element("failure") is not null;
                var reported = cmockaFailures.TryGetValue(name, out var bad) && bad > 0;
                if (ctestFailed && !reported) failed++;
            }
        }
        _results.Add(new SuiteResult(suite, passed, failed, skipped));
    }

    public void Print(ICakeContext context)
    {
        foreach (var r in _results)
            Console.WriteLine($"  {r.Suite,-56} {r.Passed,6} passed {r.Failed,5} failed {r.Skipped,5} skipped");
    }

    public string TotalsLine() => Skipped > 0
        ? $"{Passed} passed, {Failed} failed, {Skipped} skipped"
        : $"{Passed} passed, {Failed} failed";
}

var ledger = new TestLedger();

/// <summary>
/// Prints the totals line as the very last line of the run. Cake writes its task report after
/// the last task, so the line is written when the process exits, after everything else.
/// </summary>
void PrintTotalsLastOnExit() =>
    AppDomain.CurrentDomain.ProcessExit += (_, _) => Console.WriteLine(ledger.TotalsLine());
