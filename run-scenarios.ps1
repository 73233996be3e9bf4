#!/usr/bin/env pwsh
<#
.SYNOPSIS
  Runs every scenario (or those matching -Filter) for -Seeds seeds, writes reports/out/<timestamp>/
  with a report per run, a summary across seeds and an index.html, prints a summary table, and
  exits non-zero when any run fails to converge, misses a target it does not expect to miss, or
  meets a target its scenario declares it fails (expect:).

.EXAMPLE
  dotnet tool restore && dotnet pwsh ./run-scenarios.ps1
  dotnet pwsh ./run-scenarios.ps1 -Filter 'uc*' -Seeds 3
  dotnet pwsh ./run-scenarios.ps1 -Filter greengrass-outage -Duration 30m -Parallel 1
  dotnet pwsh ./run-scenarios.ps1 -Filter 'hotel-150-*' -Compare 'hotel-150-cloud-only,hotel-150-greengrass'
#>
param(
    # Scenario file names (without .yaml) to run; wildcards allowed.
    [string] $Filter = '*',
    # Seeds 1..N per scenario; 0 runs each scenario's own seeds.
    [int] $Seeds = 0,
    # Run each scenario for this long instead of its own duration (90s, 15m, 2h).
    [string] $Duration = '',
    # Runs at once (one simulation per process, each single-threaded).
    [int] $Parallel = [Environment]::ProcessorCount,
    # Where the timestamped output folder goes.
    [string] $OutRoot = (Join-Path $PSScriptRoot 'reports/out'),
    # Pairs 'before,after' of scenario names to put side by side with hsim compare (same seeds and
    # duration), each in <out>/compare/<before>-vs-<after>/compare.md with its charts.
    [string[]] $Compare = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$scenarios = @(Get-ChildItem (Join-Path $PSScriptRoot 'scenarios') -Filter '*.yaml' |
    Where-Object { $_.Name -notin @('targets.yaml', 'costs.yaml') -and $_.BaseName -like $Filter } |
    Sort-Object Name)
if ($scenarios.Count -eq 0) {
    Write-Error "No scenario matches '$Filter' in scenarios/."
    exit 2
}

Write-Host "Building hsim..."
dotnet build (Join-Path $PSScriptRoot 'simulator/Hospitality.Sim.Cli') -c Release -v quiet -nologo | Out-Host
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
$hsim = Join-Path $PSScriptRoot 'simulator/Hospitality.Sim.Cli/bin/Release/net10.0/hsim.dll'

$out = Join-Path $OutRoot (Get-Date -Format 'yyyyMMdd-HHmmss')
$arguments = @('sweep') + @($scenarios.FullName) + @('--out', $out, '--parallel', $Parallel)
if ($Seeds -gt 0) { $arguments += @('--seeds', "1..$Seeds") }
if ($Duration) { $arguments += @('--duration', $Duration) }

Write-Host "Running $($scenarios.Count) scenarios into $out"
dotnet $hsim @arguments | Out-Host
$sweepExit = $LASTEXITCODE

$rows = @(Get-ChildItem $out -Recurse -Filter 'run.json' | Sort-Object FullName | ForEach-Object {
    $run = Get-Content $_.FullName -Raw | ConvertFrom-Json
    # 'fail' and 'unexpected-pass' fail the run; 'expected-fail' is a finding the scenario declares (expect:).
    $failedTargets = @($run.targets | Where-Object { $_.verdict -in @('fail', 'unexpected-pass') } | ForEach-Object { "$($_.id) ($($_.verdict))" })
    $expectedTargets = @($run.targets | Where-Object { $_.verdict -eq 'expected-fail' } | ForEach-Object { $_.id })
    [pscustomobject]@{
        Scenario  = $run.scenario
        Seed      = $run.seed
        Result    = if (-not $run.convergence.converged -or $failedTargets.Count -gt 0) { 'FAIL' } elseif ($expectedTargets.Count -gt 0) { 'pass, expected failures' } else { 'pass' }
        Converged = $run.convergence.converged
        Targets   = "$(@($run.targets | Where-Object { $_.verdict -eq 'pass' }).Count)/$(@($run.targets).Count) pass"
        'As expected' = $expectedTargets -join ', '
        Unexpected  = $failedTargets -join ', '
        'Wall s'  = $run.wallSeconds
        Events    = '{0:N0}' -f $run.events
        Trace     = $run.traceHash
    }
})
$rows | Format-Table -AutoSize | Out-Host

$compareExit = 0
foreach ($pair in $Compare) {
    $names = @($pair -split ',' | ForEach-Object { $_.Trim() })
    $files = @($names | ForEach-Object { Join-Path $PSScriptRoot "scenarios/$_.yaml" })
    if ($names.Count -ne 2 -or @($files | Where-Object { -not (Test-Path $_) }).Count -gt 0) {
        Write-Error "-Compare '$pair' must be two scenario names from scenarios/, like 'hotel-150-cloud-only,hotel-150-greengrass'." -ErrorAction Continue
        exit 2
    }

    $compareArguments = @('compare') + $files + @('--runs', (Join-Path $out "compare/$($names[0])-vs-$($names[1])"), '--parallel', $Parallel)
    if ($Seeds -gt 0) { $compareArguments += @('--seeds', "1..$Seeds") }
    if ($Duration) { $compareArguments += @('--duration', $Duration) }
    Write-Host "Comparing $($names[0]) with $($names[1])"
    dotnet $hsim @compareArguments | Out-Host
    # 1 = a target that held before fails after: a finding, not an error of the script; 2 = bad input.
    if ($LASTEXITCODE -gt 1) { $compareExit = $LASTEXITCODE }
}

$index = Join-Path $out 'index.html'
Write-Host "Index: $index"
$failed = @($rows | Where-Object { $_.Result -eq 'FAIL' }).Count
$expected = @($rows | Where-Object { $_.Result -eq 'pass, expected failures' }).Count
Write-Host "$($rows.Count - $failed) passed ($expected of them with targets that fail as their scenario expects), $failed failed unexpectedly"
if ($compareExit -ne 0) { exit $compareExit }
if ($failed -gt 0 -or $sweepExit -ne 0) { exit 1 }
exit 0
