package dev.a3c.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LinearScheduleTest {

    @Test
    void annealsLinearlyToZero() {
        LinearSchedule schedule = new LinearSchedule(1e-3, 1000, true);
        assertEquals(1e-3, schedule.at(0), 1e-15);
        assertEquals(7.5e-4, schedule.at(250), 1e-15);
        assertEquals(0.0, schedule.at(1000), 1e-15);
        assertEquals(0.0, schedule.at(5000), 1e-15);
    }

    @Test
    void constantWithoutAnnealing() {
        assertEquals(1e-3, new LinearSchedule(1e-3, 1000, false).at(999), 1e-15);
    }

    @Test
    void aZeroCoefficientStaysZeroAndANegativeOneIsRefused() {
        assertEquals(0.0, new LinearSchedule(0, 1000, true).at(10), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(-1e-3, 1000, true));
        assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(1e-3, 0, true));
    }
}
