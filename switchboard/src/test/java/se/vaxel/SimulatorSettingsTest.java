package se.vaxel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.vaxel.pbxsim.SimConfig;

class SimulatorSettingsTest {

    private static SimConfig sim(Map<String, String> env) {
        return SimulatorSettings.from(VaxelConfig.from(env), "vaxel", "s");
    }

    @Test
    void defaultsGiveAGentleDemo() {
        SimConfig c = sim(Map.of());
        assertEquals(6, c.traffic().callsPerMinute());
        assertEquals(SimConfig.Mode.ROUTE, c.mode(), "the demo shows Växel routing");
        assertEquals(20261122, c.seed());
        assertEquals(35, c.traffic().digitWeights().get('1'));
        assertEquals(Duration.ofSeconds(20), c.agents().talkMin());
        assertEquals(0.4, c.traffic().callbackShare(), "the demo shows callbacks: some citizens offered one take it");
        assertEquals(0.8, c.traffic().callbackAnswerShare());
    }

    @Test
    void everyPartOfTheSimulationIsConfigurable() {
        SimConfig c = sim(Map.of("VAXEL_SIM_CALLS_PER_MINUTE", "120", "VAXEL_SIM_MODE", "route", "VAXEL_SIM_SEED", "9",
                "VAXEL_SIM_SERVICE_MIX", "1:1,4:3", "VAXEL_SIM_PATIENCE_SECONDS", "10-30", "VAXEL_SIM_ANSWER_SECONDS", "1",
                "VAXEL_SIM_TALK_SECONDS", "5 - 8", "VAXEL_SIM_MISSED_SHARE", "0.5", "VAXEL_SIM_NO_DIGIT_SHARE", "0"));
        assertEquals(120, c.traffic().callsPerMinute());
        assertEquals(SimConfig.Mode.ROUTE, c.mode());
        assertEquals(9, c.seed());
        assertEquals(Map.of('1', 1, '4', 3), c.traffic().digitWeights());
        assertEquals(Duration.ofSeconds(10), c.traffic().patienceMin());
        assertEquals(Duration.ofSeconds(30), c.traffic().patienceMax());
        assertEquals(Duration.ofSeconds(1), c.agents().answerMin());
        assertEquals(Duration.ofSeconds(1), c.agents().answerMax());
        assertEquals(Duration.ofSeconds(8), c.agents().talkMax());
        assertEquals(0.5, c.agents().missedShare());
        assertEquals(0, c.traffic().noDigitShare());
    }

    @Test
    void theCallbackChoicesAreConfigurable() {
        SimConfig c = sim(Map.of("VAXEL_SIM_CALLBACK_SHARE", "0.3", "VAXEL_SIM_CALLBACK_ANSWER_SHARE", "0.6"));
        assertEquals(0.3, c.traffic().callbackShare());
        assertEquals(0.6, c.traffic().callbackAnswerShare());
    }

    @Test
    void badValuesNameTheSetting() {
        assertMessage("VAXEL_SIM_MODE", Map.of("VAXEL_SIM_MODE", "chaos"));
        assertMessage("VAXEL_SIM_SERVICE_MIX", Map.of("VAXEL_SIM_SERVICE_MIX", "7:10"));
        assertMessage("VAXEL_SIM_SERVICE_MIX", Map.of("VAXEL_SIM_SERVICE_MIX", "1:x"));
        assertMessage("VAXEL_SIM_SERVICE_MIX", Map.of("VAXEL_SIM_SERVICE_MIX", "1:0"));
        assertMessage("VAXEL_SIM_TALK_SECONDS", Map.of("VAXEL_SIM_TALK_SECONDS", "90-20"));
        assertMessage("VAXEL_SIM_MISSED_SHARE", Map.of("VAXEL_SIM_MISSED_SHARE", "1.5"));
        assertMessage("VAXEL_SIM_CALLBACK_SHARE", Map.of("VAXEL_SIM_CALLBACK_SHARE", "-0.1"));
        assertMessage("VAXEL_SIM_CALLBACK_ANSWER_SHARE", Map.of("VAXEL_SIM_CALLBACK_ANSWER_SHARE", "2"));
        assertMessage("VAXEL_SIM_CALLS_PER_MINUTE", Map.of("VAXEL_SIM_CALLS_PER_MINUTE", "-1"));
    }

    private static void assertMessage(String setting, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sim(env));
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }
}
