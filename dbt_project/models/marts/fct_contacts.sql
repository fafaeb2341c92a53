-- One row per contact, outreach attempt or cancelled contact.

with

contacts as (
    select * from {{ ref('stg_kontakter') }}
),

forms as (
    select * from {{ ref('contact_forms') }}
),

places as (
    select * from {{ ref('places') }}
),

statuses as (
    select * from {{ ref('contact_statuses') }}
),

final as (
    select
        contacts.contact_id,
        contacts.contact_date,
        contacts.episode_id,
        contacts.citizen_id,
        coalesce(forms.code, 'ukendt') as contact_form,
        case when contacts.place is not null then coalesce(places.code, 'ukendt') end as place,
        contacts.duration_minutes,
        coalesce(statuses.code, 'ukendt') as status,
        -- kpis.md, Contacts: a contact counts when it was held
        coalesce(statuses.code = 'gennemfoert', false) as is_held,
        coalesce(contacts.is_out_of_hours, false) as is_out_of_hours,
        contacts.worker_initials
    from contacts
    left join forms
        on contacts.contact_form = forms.code
    left join places
        on contacts.place = places.code
    left join statuses
        -- format v1: a blank status means the contact took place
        on coalesce(contacts.status, 'gennemfoert') = statuses.code
)

select * from final
