package sdx.chatops.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The pre-flight check: what refuses a script (with line and column), what only warns, what passes. */
class ScriptPreflightTest {

    private final ScriptPreflight preflight = new ScriptPreflight();

    /** Scripts that run as written and touch nothing risky: no error, no risk. */
    static Stream<Arguments> cleanScripts() {
        return Stream.of(
                arguments("a read-only command", "/system identity print"),
                arguments("the scripts of the flow tests", "/ip address print"),
                arguments("a setting", "/ip dns set servers=9.9.9.9"),
                arguments("a log line", "/log info message=burst-1"),
                arguments("disabling an interface that is not for management", "/interface disable ether9"),
                arguments("enabling the management interface", "/interface enable ether1"),
                arguments("the usage example", "/ip firewall address-list add list=blocked address=203.0.113.7"),
                arguments("a scripting command", ":put \"x\""),
                arguments("a command substitution", ":local a [/ip route get 0]"),
                arguments("a loop over a find", ":foreach i in=[/interface find] do={:put $i}"),
                arguments("an expression with operators", ":if ($a < 2 && $b > 1) do={ :put \"&lt;\" }"),
                arguments("a URL", "/tool fetch url=https://example.com/a.rsc dst-path=a.rsc"),
                arguments("strings holding brackets and quotes", ":put \"a ] } ) [ { ( \\\" end\""),
                arguments("a string ending in an escaped backslash", ":put \"C:\\\\\"; :put \"next\""),
                arguments("a comment with a quote and a bracket", "# don't \"quote [ this\n/system identity print"),
                arguments("an indented comment", "   # {\n:put 1"),
                arguments("a comment inside a block", ":do {\n    # the cache ( may be gone\n    /ip dns cache flush\n}"),
                arguments("continuation lines", "/ip address add \\\n    address=192.0.2.1/24 \\\n    interface=bridge1"),
                arguments("a menu line and commands in it", "/ip firewall address-list\nadd list=blocked address=203.0.113.7\n"
                        + "add list=blocked address=203.0.113.8 comment=\"second [one]\""),
                arguments("the v7 path with slashes", "/ip/address/print"),
                arguments("commands separated by semicolons", "/system identity print; /ip address print;"),
                arguments("Windows line ends", "/system identity print\r\n:put 1\r\n"),
                arguments("a find in a set", "/interface bridge port set [find interface=ether5] pvid=20"),
                arguments("a string over two lines", ":put \"line one\nline two\""),
                arguments("arrays", ":local a {1;2;\"x\"}; :local b {\"a\"=\"b\";\"c\"=\"d\"}"),
                arguments("the root menu", "/\n/system identity print"),
                arguments("a command relative to the root menu", "system identity print"),
                arguments("a risky command only named in a string", ":put \"/system reboot\""),
                arguments("a risky command in a comment", "# /system reboot\n:put 1"),
                arguments("a firewall rule on another chain", "/ip firewall filter add chain=forward action=drop"),
                arguments("accepting input", "/ip firewall filter add chain=input action=accept"),
                arguments("another port of another service", "/ip service set www-ssl port=8443"),
                arguments("an interface whose name only starts like the management one", "/interface disable ether10"),
                arguments("a new user", "/user add name=bob group=read password=\"p[a}s(s\""),
                arguments("a realistic maintenance script", """
                        # keep a backup first
                        /system backup save name=before-change
                        :local count 0
                        :foreach rule in=[/ip firewall filter find where comment~"^old-"] do={
                            :set count ($count + 1)
                            /ip firewall filter set $rule disabled=no
                        }
                        :if ($count > 0) do={
                            :log info "re-enabled $count rules"
                        } else={
                            :log warning "no rules [matched] {at all}"
                        }
                        :do {
                            /ip dns cache flush
                        } on-error={ :put "flush failed: \\"quoted\\" and \\\\ backslash" }
                        /interface bridge port
                        set [ find interface=ether5 ] pvid=20 \\
                            comment="vlan 20"
                        """),
                arguments("an emoji in a string", ":put \"\uD83D\uDE00 done\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cleanScripts")
    void scriptThatRunsAsWrittenAndRisksNothingPassesSilently(String what, String script) {
        ScriptPreflight.Report report = preflight.check(script);

        assertThat(report.errors()).as(what).isEmpty();
        assertThat(report.risks()).as(what).isEmpty();
        assertThat(report.hasErrors()).isFalse();
    }

    /** One error each: where it is and what it says. */
    static Stream<Arguments> scriptsWithOneError() {
        return Stream.of(
                arguments("[ never closed", ":local a [/ip route get 0", 1, 10, "`[` is never closed"),
                arguments("{ never closed, on a later line", "/system identity print\n:do {\n  :put 1\n", 2, 5,
                        "`{` is never closed"),
                arguments("( never closed", "/ip address print\n:if ($a > 1 do={\n  :put 1\n}", 2, 5, "`(` is never closed"),
                arguments("} without an opener", "/system identity print }", 1, 24, "`}` has no `{` before it to close"),
                arguments(") without an opener", ":put 1)", 1, 7, "`)` has no `(` before it to close"),
                arguments("] closing a {", ":do { :put 1 ]", 1, 14, "`]` does not close the `{` opened at line 1, column 5"),
                arguments("[ still open when its block closes", ":do {\n  :put [:len \"x\"\n}", 2, 8,
                        "`[` is not closed before the `}` at line 3, column 1"),
                arguments("a string never closed", ":put \"hello", 1, 6,
                        "the string that starts here is never closed (a `\"` is missing)"),
                arguments("a string never closed, on line 2", "/system identity print\n:log info \"done", 2, 11,
                        "the string that starts here is never closed"),
                arguments("an escaped quote does not close a string", ":put \"say \\\"hi\\\"", 1, 6,
                        "the string that starts here is never closed"),
                arguments("a misspelt menu", "/ipp address print", 1, 1,
                        "`/ipp` is not a RouterOS menu; did you mean `/ip`?"),
                arguments("a misspelt menu with a command", "/sytem reboot", 1, 1,
                        "`/sytem` is not a RouterOS menu; did you mean `/system`?"),
                arguments("a misspelt menu after a semicolon", "/system identity print; /sytem reboot", 1, 25,
                        "`/sytem` is not a RouterOS menu; did you mean `/system`?"),
                arguments("a misspelt menu in a block", ":do {\n    /interfase print\n}", 2, 5,
                        "`/interfase` is not a RouterOS menu; did you mean `/interface`?"),
                arguments("a misspelt menu in a substitution", ":put [/iq route get 0]", 1, 7,
                        "`/iq` is not a RouterOS menu; did you mean `/ip`?"),
                arguments("a misspelt menu in the v7 form", "/sytem/reboot", 1, 1,
                        "`/sytem` is not a RouterOS menu; did you mean `/system`?"),
                arguments("a menu in capitals", "/IP address print", 1, 1,
                        "`/IP` is not a RouterOS menu; did you mean `/ip`?"),
                arguments("a continuation with nothing after it", "/ip address add address=192.0.2.1/24 \\", 1, 38,
                        "the line continuation `\\` at the end of the script has no line to continue"),
                arguments("a continuation before the last line end", "/ip address print\n/ip address add \\\n", 2, 17,
                        "the line continuation `\\` at the end of the script has no line to continue"),
                arguments("columns count characters: an emoji is one", ":put \"\uD83D\uDE00\"; :put \"x", 1, 16,
                        "the string that starts here is never closed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scriptsWithOneError")
    void errorIsReportedAtItsLineAndColumn(String what, String script, int line, int column, String message) {
        ScriptPreflight.Report report = preflight.check(script);

        assertThat(report.errors()).as(what).hasSize(1);
        ScriptPreflight.ScriptError error = report.errors().get(0);
        assertThat(error.line()).as(what + ": line").isEqualTo(line);
        assertThat(error.column()).as(what + ": column").isEqualTo(column);
        assertThat(error.message()).as(what).startsWith(message);
        assertThat(report.totalErrors()).isEqualTo(1);
        assertThat(report.hasErrors()).isTrue();
    }

    @ParameterizedTest(name = "/{0} is unknown and nothing known is near it")
    @CsvSource({ "x", "foo", "firewall" })
    void unknownMenuFarFromEveryKnownOneIsNamedWithoutAGuess(String menu) {
        ScriptPreflight.Report report = preflight.check("/" + menu + " print");

        assertThat(report.errors()).extracting(ScriptPreflight.ScriptError::message)
                .containsExactly("`/" + menu + "` is not a RouterOS menu");
    }

    @Test
    void everyErrorIsReportedInTheOrderOfTheScript() {
        ScriptPreflight.Report report = preflight.check(":put [:len 1\n/ipp address print\n:put \"x");

        assertThat(report.errors()).extracting(e -> e.line() + ":" + e.column() + " " + e.message()).containsExactly(
                "1:6 `[` is never closed", "2:1 `/ipp` is not a RouterOS menu; did you mean `/ip`?",
                "3:6 the string that starts here is never closed (a `\"` is missing)");
        assertThat(report.totalErrors()).isEqualTo(3);
    }

    @Test
    void aMistypedCloserIsOneErrorNotTwo() {
        ScriptPreflight.Report report = preflight.check(":put [:len 1\n:put (1 + 2))");

        assertThat(report.errors()).extracting(e -> e.line() + ":" + e.column() + " " + e.message())
                .containsExactly("2:13 `)` does not close the `[` opened at line 1, column 6");
    }

    @Test
    void atMostTenErrorsAreReportedButAllAreCounted() {
        ScriptPreflight.Report report = preflight.check("[".repeat(15));

        assertThat(report.errors()).hasSize(ScriptPreflight.MAX_ERRORS)
                .allMatch(e -> e.message().equals("`[` is never closed"));
        assertThat(report.errors()).extracting(ScriptPreflight.ScriptError::column).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9,
                10);
        assertThat(report.totalErrors()).isEqualTo(15);
    }

    @Test
    void quotedScriptTextIsShortAndHasNoInvisibleCharacters() {
        String message = preflight.check("/" + "a\u202Eb".repeat(20) + " print").errors().get(0).message();

        assertThat(message).isEqualTo("`/a?ba?ba?ba?ba?ba?ba?ba?ba?ba?b…` is not a RouterOS menu");
        assertThat(preflight.check("/ip`x` print").errors()).extracting(ScriptPreflight.ScriptError::message)
                .as("a backtick ends the quoted word").isEmpty();
    }

    /** One risk each, and the sentence the approval message shows for it. */
    static Stream<Arguments> riskyScripts() {
        String management = "may cut management access";
        return Stream.of(
                arguments("/system reset-configuration no-defaults=yes",
                        "`/system reset-configuration` (line 1): erases the router's configuration"),
                arguments("/system reboot",
                        "`/system reboot` (line 1): restarts the router; it is out of reach until it is back up"),
                arguments("/system/reboot", "`/system reboot` (line 1): restarts the router"),
                arguments("system reboot", "`/system reboot` (line 1): restarts the router"),
                arguments(":if ($late) do={ /system reboot }", "`/system reboot` (line 1): restarts the router"),
                arguments("/system shutdown",
                        "`/system shutdown` (line 1): switches the router off; someone at the site must switch it on again"),
                arguments("/user remove admin",
                        "`/user remove` or `/user disable` (line 1): may lock out whoever logs in as that user"),
                arguments("/user disable bob", "`/user remove` or `/user disable` (line 1): may lock out"),
                arguments("/user set [find name=admin] disabled=yes",
                        "`/user set disabled=yes` (line 1): may lock out whoever logs in as that user"),
                arguments("/ip service disable telnet", "`/ip service disable` (line 1): " + management),
                arguments("/ip service set ssh disabled=yes", "`/ip service disable` (line 1): " + management),
                arguments("/ip service set ssh port=2222", "a new port for ssh, winbox or api (line 1): " + management),
                arguments("/ip service set [find name=winbox] port=8299", "a new port for ssh, winbox or api (line 1): "
                        + management),
                arguments("/ip service\nset api port=9000", "a new port for ssh, winbox or api (line 2): " + management),
                arguments("/interface disable ether1", "`/interface disable` of a management interface ether1 (line 1): "
                        + management),
                arguments("/interface set [find name=ether1] disabled=yes",
                        "`/interface disable` of a management interface ether1 (line 1): " + management),
                arguments("/interface ethernet set [ find default-name=ether1 ] disabled=yes",
                        "`/interface disable` of a management interface ether1 (line 1): " + management),
                arguments("/interface vlan disable oob-mgmt",
                        "`/interface disable` of a management interface oob-mgmt (line 1)"),
                arguments("/interface\ndisable MGMT100", "`/interface disable` of a management interface MGMT100 (line 2)"),
                arguments("/ip firewall filter add chain=input action=drop src-address=203.0.113.0/24 comment=\"a & b <x>\"",
                        "a firewall rule dropping input (line 1): may lock out management"),
                arguments("/ip firewall filter\nadd chain=input action=reject", "a firewall rule dropping input (line 2)"),
                arguments("/ipv6 firewall filter add action=drop chain=input", "a firewall rule dropping input (line 1)"),
                arguments("/ip firewall filter add chain=input \\\n    action=drop", "a firewall rule dropping input (line 1)"),
                arguments("/ip address remove [find address=\"192.0.2.1/24\"]",
                        "`/ip address remove` (line 1): if the router is managed through that address, management access is cut"),
                arguments("/routing bgp connection remove [find name=peer1]",
                        "`/routing … remove` (line 1): may cut the router off the network"),
                arguments("/ip route remove [find dst-address=0.0.0.0/0]", "`/routing … remove` (line 1)"),
                arguments("/file remove backup.backup",
                        "`/file remove` (line 1): deletes files on the router (backups, certificates, scripts)"),
                arguments("/system package disable wireless", "`/system package` change (line 1): changes the installed"
                        + " RouterOS packages; what they provide goes at the next reboot"),
                arguments("/system package uninstall wireless", "`/system package` change (line 1)"),
                arguments("/system package downgrade", "`/system package` change (line 1)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("riskyScripts")
    void riskyCommandIsAWarningNotAnError(String script, String risk) {
        ScriptPreflight.Report report = preflight.check(script);

        assertThat(report.errors()).isEmpty();
        assertThat(report.risks()).hasSize(1);
        assertThat(report.risks().get(0)).startsWith(risk);
    }

    @Test
    void riskOnSeveralLinesIsOneWarningNamingTheLines() {
        assertThat(preflight.check("/system reboot\n:put 1\n/system reboot").risks())
                .containsExactly(
                        "`/system reboot` (lines 1 and 3): restarts the router; it is out of reach until it is back up");
        assertThat(preflight.check("/system reboot\n".repeat(130)).risks()).singleElement().asString()
                .startsWith("`/system reboot` (lines 1, 2, 3 and 127 more)");
    }

    @Test
    void severalRisksAreListedInTheOrderTheScriptReachesThem() {
        ScriptPreflight.Report report = preflight.check("""
                /ip firewall filter
                add chain=input action=drop in-interface=ether2
                /ip service set winbox disabled=yes
                /system reboot
                """);

        assertThat(report.risks()).containsExactly("a firewall rule dropping input (line 2): may lock out management",
                "`/ip service disable` (line 3): may cut management access",
                "`/system reboot` (line 4): restarts the router; it is out of reach until it is back up");
    }

    @Test
    void managementInterfacesAreTheConfiguredOnesAndAnyNamedMgmt() {
        ScriptPreflight custom = new ScriptPreflight(List.of("sfp-sfpplus1", " ether2 "));

        assertThat(custom.managementInterfaces()).containsExactly("sfp-sfpplus1", "ether2");
        assertThat(custom.check("/interface disable sfp-sfpplus1").risks()).singleElement().asString()
                .startsWith("`/interface disable` of a management interface sfp-sfpplus1 (line 1)");
        assertThat(custom.check("/interface set ether2 disabled=yes").risks()).hasSize(1);
        assertThat(custom.check("/interface disable mgmt").risks()).hasSize(1);
        assertThat(custom.check("/interface disable ether1").risks()).as("ether1 is not configured here").isEmpty();
        assertThat(custom.check("/interface disable sfp-sfpplus10").risks()).isEmpty();
        assertThat(custom.check("/interface set ether2 comment=uplink").risks()).as("not disabled").isEmpty();
        assertThat(new ScriptPreflight().managementInterfaces()).containsExactly("ether1");
    }

    @Test
    void scriptWithErrorsStillNamesItsRisks() {
        ScriptPreflight.Report report = preflight.check("/system reboot\n:put [");

        assertThat(report.errors()).hasSize(1);
        assertThat(report.risks()).hasSize(1);
    }

    @Test
    void storedWarningTellsAPreflightRiskFromAPolicyWarning() {
        String stored = ScriptPreflight.asWarning("`/system reboot` (line 1): restarts the router");

        assertThat(ScriptPreflight.riskOf(stored)).contains("`/system reboot` (line 1): restarts the router");
        assertThat(ScriptPreflight.riskOf("may cut management access")).isEmpty();
    }

    @Test
    void nearestMenuCountsASwapAsOneEdit() {
        assertThat(ScriptPreflight.distance("sytsem", "system")).isEqualTo(1);
        assertThat(ScriptPreflight.nearestMenu("sytsem")).contains("system");
        assertThat(ScriptPreflight.nearestMenu("routnig")).contains("routing");
        assertThat(ScriptPreflight.nearestMenu("zzzzzz")).isEmpty();
    }
}
