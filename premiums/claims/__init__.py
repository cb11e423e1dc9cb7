"""Claims: the insurer reimburses the wage an employer paid during sickness, and a UWV wage sanction under the
Poortwachter guarantee (docs/domain.md §6 and §8): the rules, the four-eyes workflow, the pages, the API and
the exports."""
