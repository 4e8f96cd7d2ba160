/* baseline_evaluator.h - evaluates OSBaseline checks against the files under an os_source root,
 * as the C# BaselineEvaluator does: the same results and the same error texts. */
#ifndef SA_BASELINE_EVALUATOR_H
#define SA_BASELINE_EVALUATOR_H

#include "baseline_check.h"
#include "buffer.h"
#include "os_source.h"

typedef struct baseline_evaluator {
    const os_source_t *os;
    sa_allocator_t *allocator;
    sa_buffer_t error;   /* the last outcome's error text; empty when it passed */
    sa_buffer_t scratch; /* file text, repaired */
} baseline_evaluator_t;

void baseline_evaluator_init(baseline_evaluator_t *evaluator, const os_source_t *os, sa_allocator_t *allocator);
void baseline_evaluator_release(baseline_evaluator_t *evaluator);

/* baseline_evaluate - the result of one check, its error text in evaluator->error. Returns 0,
 * or -ENOMEM (the result is not known). */
int baseline_evaluate(baseline_evaluator_t *evaluator, const baseline_check_t *check, baseline_result_t *result);

#endif
