#!/usr/bin/env pwsh
# Bootstrap for Windows: restore the .NET tools, then run the Cake build.
#   ./build.ps1 --target=Build
# The native C agent and its flavours build on Linux only; on Windows the Native target says so.
$ErrorActionPreference = 'Stop'
Set-Location -Path $PSScriptRoot

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Write-Error 'build.ps1: the .NET SDK 10 (dotnet) is required'
    exit 1
}

$restore = & dotnet tool restore 2>&1
if ($LASTEXITCODE -ne 0) {
    $restore | Write-Host
    exit $LASTEXITCODE
}

& dotnet cake build.cake @args
exit $LASTEXITCODE
