-- Per period and citizen with a held contact dated in it: how many (kpis.md, "Contacts per
-- citizen in contact"), whatever their form. Counted once per period with its citizens (built
-- for the calendar years), where counting them at every report read every contact of it again.

with

periods as (
    select * from {{ ref('int_periods_enumerated') }}
),

contacts as (
    select * from {{ ref('fct_contacts') }}
),

final as (
    select
        periods.period_start,
        periods.period_end,
        contacts.citizen_id,
        count(*) as held_contacts
    from periods
    inner join contacts
        on
            periods.period_start <= contacts.contact_date
            and periods.period_end >= contacts.contact_date
    where contacts.is_held
    group by periods.period_start, periods.period_end, contacts.citizen_id
)

select * from final
