// Targets whose work a later piece of the project brings. Each says so plainly and succeeds;
// none pretends to do what it does not.

void ArrivesLater(string target, string what, string issue)
{
    Information($"{target}: {what} arrives with \"{issue}\"; this target does nothing yet.");
}
